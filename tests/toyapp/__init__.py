"""A toy capability that exists only in the tests: it proves that a workflow, its routes, its scoping (and,
where declared, a ledger) come from declarations alone, with no machinery of its own."""
