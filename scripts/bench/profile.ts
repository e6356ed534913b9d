// Reads a V8 .cpuprofile (node --cpu-prof) and says where the time went: the top functions by
// self time, and the same time grouped by area (a package under node_modules, our src/ folders,
// node's internals, the garbage collector). Percentages are of the busy time (idle excluded).
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  busyMs: number;
  idleMs: number;
  /** `callers`: the heaviest chain of callers above the frame, nearest first. */
  frames: { frame: string; area: string; ms: number; share: number; callers: string }[];
  areas: { area: string; ms: number; share: number }[];
}

function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const packaged = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (packaged) return packaged[1]!;
  const ours = /\/(src|generated|prisma)\/(?:([^/]+)\/)?/.exec(url);
  if (ours) return ours[2] && !ours[2].includes('.') ? `${ours[1]}/${ours[2]}` : ours[1]!;
  if (url.startsWith('node:')) return 'node internals';
  return url;
}

function shortUrl(url: string): string {
  const packaged = /node_modules\/(.*)$/.exec(url);
  if (packaged) return packaged[1]!;
  const ours = /\/((?:src|generated|prisma|scripts)\/.*)$/.exec(url);
  return ours ? ours[1]! : url;
}

/**
 * `window` keeps only the samples taken between these many ms after the profile started (the
 * process's start-up, spec compilation and shutdown are not what a request costs).
 */
export function summariseProfile(file: string, window: { fromMs: number; toMs: number }, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  let clock = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    clock += delta;
    if (clock < window.fromMs * 1000 || clock > window.toMs * 1000) return;
    self.set(id, (self.get(id) ?? 0) + delta);
  });
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const label = (id: number) => {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    return `${functionName || '(anonymous)'}${url ? ` ${shortUrl(url)}:${lineNumber + 1}` : ''}`;
  };
  const chainOf = (id: number) => {
    const chain: string[] = [];
    for (let at = parent.get(id); at !== undefined && chain.length < 8; at = parent.get(at)) {
      if (byId.get(at)!.callFrame.functionName !== '(root)') chain.push(label(at));
    }
    return chain.join(' ← ');
  };
  const frames = new Map<string, { area: string; us: number; chains: Map<string, number> }>();
  const areas = new Map<string, number>();
  let idle = 0;
  let busy = 0;
  for (const [id, us] of self) {
    const { functionName, url } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') {
      idle += us;
      continue;
    }
    busy += us;
    const area = areaOf(url, functionName);
    const key = label(id);
    const entry = frames.get(key) ?? { area, us: 0, chains: new Map<string, number>() };
    entry.us += us;
    const chain = chainOf(id);
    entry.chains.set(chain, (entry.chains.get(chain) ?? 0) + us);
    frames.set(key, entry);
    areas.set(area, (areas.get(area) ?? 0) + us);
  }
  const share = (us: number) => (busy > 0 ? us / busy : 0);
  return {
    busyMs: busy / 1000,
    idleMs: idle / 1000,
    frames: [...frames]
      .sort((a, b) => b[1].us - a[1].us)
      .slice(0, top)
      .map(([frame, { area, us, chains }]) => ({
        frame,
        area,
        ms: us / 1000,
        share: share(us),
        callers: [...chains].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '',
      })),
    areas: [...areas]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([area, us]) => ({ area, ms: us / 1000, share: share(us) })),
  };
}
