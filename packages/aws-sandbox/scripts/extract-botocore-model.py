#!/usr/bin/env python3
"""Writes data/models/<service>.json from Debian's python3-botocore: the service model without documentation.

Only for services whose npm client predates the schemas the v3 SDK ships (see data/models/README.md).
Usage: python3 scripts/extract-botocore-model.py route53resolver
"""
import json
import sys
from pathlib import Path

import botocore.session

KEEP_OPERATION = ("name", "http", "input", "output", "errors")


def strip(value):
    if isinstance(value, dict):
        return {key: strip(item) for key, item in value.items() if key not in ("documentation", "documentationUrl")}
    if isinstance(value, list):
        return [strip(item) for item in value]
    return value


def main(service):
    loader = botocore.session.get_session().get_component("data_loader")
    model = loader.load_service_model(service, "service-2")
    out = {
        "source": f"botocore {botocore.__version__} ({service}/{model['metadata']['apiVersion']}/service-2.json)",
        "metadata": strip(model["metadata"]),
        "operations": {name: {k: strip(v) for k, v in op.items() if k in KEEP_OPERATION} for name, op in model["operations"].items()},
        "shapes": strip(model["shapes"]),
    }
    target = Path(__file__).resolve().parent.parent / "data" / "models" / f"{service}.json"
    target.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")
    print(f"wrote {target}")


if __name__ == "__main__":
    main(sys.argv[1])
