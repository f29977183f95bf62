"""Cross-cutting protections from security.md that belong to no single page.

Each module holds one concern: response headers and request refusals (middleware), the rate
limiter's client address and cache (client_ip, cache), log redaction, error reports, and ending a
deactivated staff member's sessions. SECURITY.md at the repository root maps every requirement to
where it is enforced and the test that proves it.
"""
