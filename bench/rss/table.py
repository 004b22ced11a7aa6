# table.py RUN... : one markdown row per run of measure.sh LABEL 5000 9000 (the slopes assume those counts)
import os
import re, sys
RUNS = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'runs')
def st(d,p,k,suf=''):
    for l in open(f'{RUNS}/{d}/{p}.status{suf}'):
        if l.startswith(k+':'): return int(l.split()[1])
def used(d,p):
    h=open(f'{RUNS}/{d}/{p}.heap').read()
    ms=re.findall(r'total (\d+)K, used (\d+)K',h) or re.findall(r'committed (\d+)K, used (\d+)K',h)
    return sum(int(a) for a,b in ms), sum(int(b) for a,b in ms)
for d in sys.argv[1:]:
    r=[st(d,p,'VmRSS') for p in ('p0','p1','p2')]
    u=[used(d,p) for p in ('p0','p1','p2')]
    f=open(f'{RUNS}/{d}/flags').read().split(';')[0].replace('flags: ','')
    print(f"| {d} | `{f.strip()}` | {r[0]/1024:.0f} / {r[1]/1024:.0f} / {r[2]/1024:.0f} | {(r[2]-r[0])*1024/9000:.0f} | {(r[2]-r[1])*1024/4000:.0f} | {(u[2][1]-u[0][1])*1024/9000:.0f} | {u[2][0]/1024:.0f} |")
