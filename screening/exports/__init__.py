"""Files staff take out of the app: the queue as CSV, a case as a FHIR R4B Bundle."""
