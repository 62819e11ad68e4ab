#!/usr/bin/env bash
# The rerun of issue 15 on a GPU host, after gpu-check.sh: every OpenCL launch shape worth trying
# on the goal grids in one call, each checked against the default's psi after 10 steps
# (max_diff_vs_first), then render frames per second at 1024^2 where the host has NVIDIA's EGL.
# From the project root, with .device/ prepared (../shared/device/prepare.sh target/psiflux.jar):
#   source .device/enter.sh; OUT=$OUT bash scripts/gpu-tune.sh
# Locally (PoCL, Mesa): OCL_ICD_VENDORS=/etc/OpenCL/vendors GRIDS=64x64 DOUBLE_GRIDS= EGL=mesa RENDER_SIZE=320x240
# checks the script itself. Writes under $OUT (or /tmp/gpu-tune): tune.jsonl, tune.txt (sorted table, best per case), render.txt.
# Knobs (PSIFLUX_TUNING keys, see docs/benchmarks.md "Tuning on a GPU"):
#   group          work-items per FFT group the planner aims at (default 256)
#   batch          local memory a batch of contiguous lines aims at (16k)
#   strided_batch  the same for strided axes (32k); strided_lines: lines per group there (16)
#   max_line       longest line kept in local memory; longer axes take more passes (4096)
#   local          local memory one pass may use (48k); rwg: pointwise/reduction group (256)
# Budget: about 3 to 4 minutes on an H200 (12 shapes on 4096^2 and 512^3 single, 4096^2 double;
# psi(0) and V are built once per grid, each shape costs a backend, a warm-up and a 10-step check).
set -u
out=${OUT:-/tmp/gpu-tune}
mkdir -p "$out"
J=(java -Xmx96g -jar .device/app.jar)
TUNINGS=${TUNINGS:-"default;group=128;group=512;group=1024;strided_lines=8;strided_lines=32,strided_batch=48k;batch=8k;batch=32k;max_line=2048;max_line=1024;rwg=128;rwg=512"}
GRIDS=${GRIDS:-4096x4096,512x512x512}
DOUBLE_GRIDS=${DOUBLE_GRIDS-4096x4096}
echo "gpu-tune $(date -u +%FT%TZ) on $(hostname)" > "$out/tune.txt"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 | sed 's/^/gpu: /' >> "$out/tune.txt"
# one process per grid, each with its own limit, so one slow case costs one part (lines print as they go)
: > "$out/tune.jsonl"
for g in ${GRIDS//,/ }; do
  timeout ${LIMIT:-240} "${J[@]}" bench --backend opencl --precision single --observables --grid "$g" --tuning "$TUNINGS" \
    >> "$out/tune.jsonl" 2>> "$out/tune.err"
  echo "bench single $g: exit $? ($(wc -l < "$out/tune.jsonl") cases so far)" >> "$out/tune.txt"
done
for g in ${DOUBLE_GRIDS//,/ }; do
  timeout ${LIMIT:-240} "${J[@]}" bench --backend opencl --precision double --grid "$g" --tuning "$TUNINGS" \
    >> "$out/tune.jsonl" 2>> "$out/tune.err"
  echo "bench double $g: exit $? ($(wc -l < "$out/tune.jsonl") cases so far)" >> "$out/tune.txt"
done
python3 - "$out/tune.jsonl" >> "$out/tune.txt" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
cases = {}
for r in rows: cases.setdefault((r["grid"], r["precision"]), []).append(r)
for (g, p), rs in cases.items():
    print(f"\n{g} {p}: ms/step (GB/s), with density+current, max diff vs default")
    for r in sorted(rs, key=lambda r: r["ms_per_step"]):
        print(f"  {r['ms_per_step']:9.4f} ({r.get('achieved_GBps', 0):7.1f})  {r.get('ms_per_step_with_density_current', float('nan')):9.4f}"
              f"  {r.get('max_diff_vs_first', 0):.1e}  {r.get('tuning')}")
    bad = [r for r in rs if r.get("max_diff_vs_first", 0) > (1e-12 if p == "double" else 1e-5)]
    if bad: print("  PARITY: " + ", ".join(r["tuning"] for r in bad) + " differ from the default beyond round-off")
PY
# render frames per second at 1024^2, where NVIDIA's EGL is on the host (headless LWJGL)
egl=${EGL-}
[ -n "$egl" ] || egl=$(find /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/local/nvidia -maxdepth 3 -name 'libEGL_nvidia.so*' 2>/dev/null | head -n 1)
grep -i "gl sharing" "$out/../info.txt" "$out/info.txt" 2>/dev/null | head -n 2 > "$out/render.txt"
"${J[@]}" info 2>&1 | grep -i "opencl" >> "$out/render.txt"
if [ -n "$egl" ]; then
  echo "EGL: $egl" >> "$out/render.txt"
  cat > "$out/render-1024.toml" <<'TOML'
[grid]
points = [1024, 1024]
extent = [[-20.0, 20.0], [-20.0, 20.0]]
[potential]
expression = "0.5*(x^2 + y^2)"
[initial]
type = "gaussian"
center = [4.0, 0.0]
sigma = [1.0, 1.0]
momentum = [0.0, 4.0]
[time]
dt = 0.002
steps = 600
[output]
every = 10
TOML
  for cur in off streamlines; do
    timeout 180 "${J[@]}" render "$out/render-1024.toml" --backend opencl --precision single --size ${RENDER_SIZE:-1024x1024} \
      --current $cur --out "$out/render-$cur" > "$out/render-$cur.log" 2>&1
    echo "render 1024^2 current=$cur: exit $?; $(grep -i 'frames' "$out/render-$cur.log" | tail -n 1)" >> "$out/render.txt"
  done
else
  echo "no libEGL_nvidia on this host: render not measured" >> "$out/render.txt"
fi
cat "$out/render.txt" >> "$out/tune.txt"
cat "$out/tune.txt"
