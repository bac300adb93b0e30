#!/usr/bin/env bash
# make-evtx-test-files.sh: writes the small .evtx test files of test-images/evtx/ with our own
# writer (scripts/evtx_writer.py), deterministically (gzip -n; the writer's output depends
# only on its JSON):
#   clean.evtx.gz       benign Application events over two chunks (EventData named and
#                       unnamed, UserData as nested BinXML, a SID, an empty optional value)
#   proxylogon.evtx.gz  the events of the ProxyLogon image (scripts/proxylogon-evtx/*.json):
#                       the UM crash (CVE-2021-26857), Set-OabVirtualDirectory with a script
#                       in ExternalUrl (CVE-2021-27065), New-MailboxExportRequest, benign ones
#   damaged.evtx.gz     clean.evtx's events over four chunks, then: chunk 0's header CRC32
#                       flipped, a record of chunk 1 cut short (its size no longer matches
#                       the copy at its end), chunk 2 overwritten with garbage; chunk 3 intact
# The JSON inputs are written into test-images/evtx/ beside them.
set -euo pipefail
cd "$(dirname "$0")/.."
out=test-images/evtx
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
events = []
for i in range(1100):
    t = "2021-03-%02dT%02d:%02d:%02d.%07dZ" % (1 + i // 400, (i // 60) % 24, i % 60, (7 * i) % 60, 1234567 * i % 10000000)
    if i % 3 == 0:
        events.append(dict(time=t, provider="MSExchange ADAccess", event_id=2080, qualifiers=16388,
                           channel="Application", computer="exch01.contoso.local",
                           data=["w3wp.exe", str(5000 + i), "Topology discovery %d & <ok>" % i, ""]))
    elif i % 3 == 1:
        events.append(dict(time=t, provider="Microsoft-Windows-Security-SPP", event_id=16384,
                           channel="Application", computer="exch01.contoso.local", user_sid="S-1-5-18",
                           data={"Reason": "RulesEngine", "Count": str(i)}))
    else:
        events.append(dict(time=t, provider="User32", event_id=1074, channel="Application",
                           computer="exch01.contoso.local",
                           user_data={"EventXML": {"Param1": "C:\\Windows\\system32\\svchost.exe", "Param2": str(i)}}))
json.dump(events[:500], open(f"{out}/clean.json", "w"), indent=0)
json.dump(events, open(f"{out}/damaged.json", "w"), indent=0)
PY
python3 - scripts/proxylogon-evtx "$out/proxylogon.json" <<'PY'
import json, sys
d = sys.argv[1]
events = json.load(open(f"{d}/Application.json")) + json.load(open(f"{d}/MSExchange Management.json"))
json.dump(events, open(sys.argv[2], "w"), indent=1)
PY
for name in clean proxylogon damaged; do
  python3 scripts/evtx_writer.py "$out/$name.json" "$tmp/$name.evtx"
done

python3 - "$tmp/damaged.evtx" <<'PY'
import struct, sys
path = sys.argv[1]
d = bytearray(open(path, "rb").read())
chunks = (len(d) - 4096) // 65536
assert chunks >= 4, f"damaged.evtx needs four chunks, has {chunks}"
c0, c1, c2 = 4096, 4096 + 65536, 4096 + 2 * 65536
d[c0 + 124] ^= 0xFF                              # chunk 0: header CRC32 no longer matches
second = c1 + 512 + struct.unpack_from("<I", d, c1 + 512 + 4)[0]   # chunk 1's second record
size = struct.unpack_from("<I", d, second + 4)[0]
struct.pack_into("<I", d, second + 4, size - 16) # cut short: the copy at its end disagrees
seed = 0x2545F491                                # chunk 2: garbage (xorshift, deterministic)
for i in range(65536):
    seed ^= (seed << 13) & 0xFFFFFFFF; seed ^= seed >> 17; seed ^= (seed << 5) & 0xFFFFFFFF
    d[c2 + i] = seed & 0xFF
open(path, "wb").write(bytes(d))
PY
for name in clean proxylogon damaged; do
  gzip -9 -n -c "$tmp/$name.evtx" >"$out/$name.evtx.gz"
  echo "$out/$name.evtx.gz: $(stat -c %s "$out/$name.evtx.gz") bytes"
done
