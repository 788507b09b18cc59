"""`python -m genesys_lint ARGUMENTS` runs genesys-lint, as the `genesys-lint` command does."""

from genesys_lint import main

main()
