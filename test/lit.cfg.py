# -*- Python -*-
import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "RETNET"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.retnet_obj_root, "test")

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(("%retnet_src", config.retnet_src_root))
config.substitutions.append(("%retnet_obj", config.retnet_obj_root))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()
# use_default_substitutions only rewrites `| not` and `| count`; a RUN line
# that starts with `not` finds it through PATH.
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

tool_dirs = [config.retnet_tools_dir, config.llvm_tools_dir]
tools = ["retnet-opt", "retnet-compile", "retnet-capi-test", "mlir-runner"]
llvm_config.add_tool_substitutions(tools, tool_dirs)

# The Python package (for the numeric integration tests) from the source tree.
llvm_config.with_environment(
    "PYTHONPATH", os.path.join(config.retnet_src_root, "python"), append_path=True
)
llvm_config.with_environment("RETNET_MLIR_TOOLS", config.retnet_tools_dir)

# CUDA: the toolkit (ptxas, fatbinary, libdevice) lets the GPU pipeline run to
# a binary anywhere; a device (a driver and /dev/nvidia*) runs the kernels.
cuda_home = os.environ.get("CUDA_HOME") or "/usr/local/cuda"
if os.access(os.path.join(cuda_home, "bin", "ptxas"), os.X_OK):
    config.available_features.add("cuda-toolkit")
    config.substitutions.append(("%ptxas", os.path.join(cuda_home, "bin", "ptxas")))
if os.path.exists("/dev/nvidia0") or os.path.exists("/dev/nvidiactl"):
    config.available_features.add("cuda-device")
