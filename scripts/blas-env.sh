# Sourced by the launcher and the scripts that run the trainer (POSIX sh).
# OpenBLAS picks its kernels by the CPU model it recognises at load time. Debian 12's OpenBLAS
# (0.3.21) does not know newer CPUs, e.g. recent Xeons that report only "Intel(R) Xeon(R)
# Processor", and falls back to its generic "Prescott" SSE kernels: a quarter of the machine's
# SGEMM rate (measured on a 2-vCPU AVX-512 Xeon: 30 against 129 GFLOP/s at one thread). When the
# user has not chosen, name the kernel family from the CPU's own flags: AVX-512 (F, BW, DQ, VL)
# -> SkylakeX, AVX2 with FMA -> Haswell. Otherwise OpenBLAS's own detection stays.
# OPENBLAS_CORETYPE set by the user always wins; MCDROP_BLAS_CORETYPE=off turns this off.
_mcdrop_has() {
  case "$_mcdrop_flags" in *" $1 "*) return 0 ;; esac
  return 1
}
if [ -z "${OPENBLAS_CORETYPE:-}" ] && [ "${MCDROP_BLAS_CORETYPE:-auto}" != off ] \
    && [ -r /proc/cpuinfo ]; then
  _mcdrop_flags=" $(sed -n 's/^flags[[:space:]]*: //p' /proc/cpuinfo | head -n 1) "
  if _mcdrop_has avx512f && _mcdrop_has avx512bw && _mcdrop_has avx512dq && _mcdrop_has avx512vl; then
    export OPENBLAS_CORETYPE=SkylakeX
  elif _mcdrop_has avx2 && _mcdrop_has fma; then
    export OPENBLAS_CORETYPE=Haswell
  fi
  unset _mcdrop_flags
fi
unset -f _mcdrop_has
