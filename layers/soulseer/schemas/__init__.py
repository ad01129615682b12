"""Response models of the REST API: what each route returns, as the OpenAPI document declares it.

Every model forbids fields it does not declare, so a domain view that grows a field fails the tests
(and the contract test) until the model says so; the document never drifts from what is served."""
