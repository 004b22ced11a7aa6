# attrib.py RUNDIR : RSS by kind of mapping at p0,p1,p2 and per-connection slopes
import re, sys, os
d = sys.argv[1]
def heap_range(f):
    a = [int(x, 16) for x in re.findall(r'0x([0-9a-f]{16})', open(f).read())]
    return min(a), max(a)
def cats(p):
    lo, hi = heap_range(f'{d}/{p}.heap')
    out = {}
    cur = None
    for line in open(f'{d}/{p}.smaps'):
        m = re.match(r'^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$', line)
        if m:
            s, e, name = int(m.group(1), 16), int(m.group(2), 16), m.group(3)
            if lo <= s < hi: cur = 'java heap'
            elif name == '[heap]': cur = 'malloc [heap]'
            elif name.startswith('[stack'): cur = 'main stack'
            elif name.startswith('/') or name.startswith('['): cur = 'files/other'
            elif s % (64 << 20) == 0 and e - s <= (64 << 20): cur = 'malloc arenas'
            else: cur = 'other anon (stacks, metaspace, code, GC, direct)'
        elif line.startswith('Rss:'):
            out[cur] = out.get(cur, 0) + int(line.split()[1])
    st = dict(l.split(':', 1) for l in open(f'{d}/{p}.status'))
    out['= VmRSS'] = int(st['VmRSS'].split()[0])
    return out
c = [cats(p) for p in ('p0', 'p1', 'p2')]
live = [int(open(f'{d}/{p}.live').read()) for p in ('p0', 'p1', 'p2')]
print(f'{os.path.basename(d)}: live {live}')
for k in sorted(set(c[0]) | set(c[1]) | set(c[2])):
    v = [x.get(k, 0) for x in c]
    s01 = (v[1] - v[0]) * 1024 / (live[1] - live[0]); s12 = (v[2] - v[1]) * 1024 / (live[2] - live[1]); s02 = (v[2] - v[0]) * 1024 / (live[2] - live[0])
    print(f'  {k:50s} {v[0]:8d} {v[1]:8d} {v[2]:8d} kB   B/conn 0->N1 {s01:7.0f}  N1->N2 {s12:7.0f}  0->N2 {s02:7.0f}')
for p in ('p0', 'p1', 'p2'):
    h = open(f'{d}/{p}.heap').read()
    ms = re.findall(r'total (\d+)K, used (\d+)K', h)
    print(f'  {p} heap committed {sum(int(a) for a,b in ms)}K used-after-GC {sum(int(b) for a,b in ms)}K')
