import type { StageHeat } from './overlay';

/** The overlay's figure written on a stage card: "waits 11.9 d (p50)"; from afar, "11.9 d". */
export function StageFigure({ heat, brief = false }: { heat: StageHeat; brief?: boolean }) {
  return (
    <div className="stage-figure" data-testid="stage-figure" title={brief ? heat.figure : undefined}>
      {brief ? heat.brief : heat.figure}
    </div>
  );
}

/** The mark under the stage with the biggest share of waiting time. */
export function BottleneckBadge() {
  return (
    <div className="stage-bottleneck" data-testid="stage-bottleneck" title="The bottleneck: the biggest share of all waiting time in the window">
      ▲ bottleneck
    </div>
  );
}
