"""Scripts run by make targets (`make audit`); importable by the tests."""
