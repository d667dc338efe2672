"""The embedded training bureau platform (DESIGN §5).

A FastAPI app speaking the bureau API v1 over HTTPS with its own private CA and
database, seeded with the catalogue, synthetic insured persons and training accounts.

    from counter.training.server import TrainingServer
    server = TrainingServer(data_dir)
    base_url = server.start_in_thread()   # https://127.0.0.1:<port>
    ca_file = server.ca_file              # trust only this CA
    ...
    server.stop()

Heavy imports (FastAPI, uvicorn) live in the submodules, so importing this package is
cheap.
"""
