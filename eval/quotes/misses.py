#!/usr/bin/env python3
"""Sort the gold attributions of a PolNeAR compartment by what became of them in a
prediction file: matched, matched with the wrong source, content boundary off, or missed,
with the kind of cue that was missed. Usage: misses.py GOLD_DIR PRED.jsonl [SCORER_DIR]
(SCORER_DIR holds quote_eval.py; default ../shared/tools beside the project)."""
import os
import sys,collections
sys.path.insert(0, sys.argv[3] if len(sys.argv) > 3 else os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'shared', 'tools'))
import quote_eval as q  # noqa: E402
SPEECH=set('said says say saying told tells tell added adds noted notes wrote writes asked asks according'.split())
docs=q.load_gold(sys.argv[1]); pred=q.load_pred(sys.argv[2])
c=collections.Counter(); srcbad=collections.Counter()
for d,(t,g) in docs.items():
    ps=pred.get(d,[]); pc=[q.chars(p['content']) for p in ps]
    for x in g:
        gc=q.chars(x['content'])
        cands=[(len(gc&p)/len(gc|p),i) for i,p in enumerate(pc) if gc&p]
        b,i=max(cands) if cands else (0,-1)
        cue=' '.join(t[a:e] for a,e in x['cue']).lower().split()
        kind='direct' if x['direct'] else 'reported'
        if b>=0.5:
            gs,pss=q.chars(x['source']),q.chars(ps[i]['source'])
            if (not gs and not pss) or (gs&pss): c['hit']+=1; continue
            why = 'pred no source' if not pss else ('gold no source' if not gs else 'other source span')
            c['%s: content ok, source wrong (%s)'%(kind,why)]+=1; continue
        if b>0:
            c['%s: content boundary (pred %s)'%(kind,'longer' if len(pc[i])>len(gc) else 'shorter')]+=1; continue
        if not x['cue']: c['%s: missed, no cue in gold'%kind]+=1
        elif cue[0] in SPEECH or (cue and cue[-1] in SPEECH): c['%s: missed, speech verb cue'%kind]+=1
        elif len(cue)>1: c['%s: missed, multi-word cue (%s...)'%(kind,'verb+prep' if cue[-1] in ('about','of','for','on','against','to','with','as','over','at','by','in','out') else 'phrase')]+=1
        else: c['%s: missed, other verb/noun cue'%kind]+=1
for k,v in sorted(c.items(),key=lambda z:-z[1]): print('%5d  %s'%(v,k))
