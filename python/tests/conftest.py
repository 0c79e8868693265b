import os
import sys
import tempfile

import numpy as np
import pytest

# Compiled artifacts of the test run go to a private cache unless told otherwise.
if "RETNET_MLIR_CACHE" not in os.environ:
    os.environ["RETNET_MLIR_CACHE"] = os.path.join(tempfile.gettempdir(), "retnet_mlir_test_cache")


@pytest.fixture
def rng():
    return np.random.default_rng(1234)
