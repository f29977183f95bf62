"""The staff workspace under /staff/: sign-in, queue, cases, callbacks, audit, exports."""
