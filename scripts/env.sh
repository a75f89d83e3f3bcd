# Sourced by the entry scripts (build.sh, test.sh, execute.sh, benchmark.sh): the environment they run in.
#
# Python writes its bytecode caches (__pycache__, and pytest's rewritten test modules), as it does on a
# reader's machine: an environment that sets PYTHONDONTWRITEBYTECODE (some sandboxes and CI images do)
# otherwise makes every kernel, build and pytest process compile mapmath, _ext and the tests from source
# again (about 1 s of CPU each; a test run starts dozens of them). The caches are git-ignored.
unset PYTHONDONTWRITEBYTECODE
