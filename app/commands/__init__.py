"""One module per `enclave` subcommand; each defines `register(subparsers)`."""
