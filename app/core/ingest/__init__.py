"""From raw tables to accounted-for reviews: column roles, value parsing, cleaning, ledger."""
