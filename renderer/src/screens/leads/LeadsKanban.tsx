import {
  DndContext,
  KeyboardSensor,
  PointerSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type DragEndEvent,
} from '@dnd-kit/core';
import type { LeadConfig, LeadListRow, Stage } from './leads-api';
import { ALL_STAGES, originLabel } from './leads-api';

interface KanbanProps {
  config: LeadConfig;
  leads: LeadListRow[];
  onMove: (lead: LeadListRow, to: Stage) => void;
  onOpen: (id: string) => void;
}

/** A card: drag it (mouse, or Space then arrows then Space), or pick the stage in its menu. */
function Card({ lead, config, onMove, onOpen }: { lead: LeadListRow } & Omit<KanbanProps, 'leads'>) {
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({ id: lead.id });
  const style = transform ? { transform: `translate(${transform.x}px, ${transform.y}px)`, zIndex: 10 } : undefined;
  return (
    <li
      className={isDragging ? 'lead-card dragging' : 'lead-card'}
      ref={setNodeRef}
      style={style}
      data-testid={`lead-card-${lead.name}`}
    >
      <div className="lead-card-handle" {...listeners} {...attributes} aria-label={`Arrastar ${lead.name}`}>
        <strong>{lead.name}</strong>
        <small>
          {originLabel(config, lead.origin)}
          {lead.interest ? ` · ${lead.interest}` : ''}
          {lead.bant_score > 0 ? ` · BANT ${lead.bant_score}` : ''}
        </small>
      </div>
      <div className="lead-card-actions">
        <button type="button" className="link" onClick={() => onOpen(lead.id)}>
          Abrir
        </button>
        <select
          aria-label={`Mover ${lead.name}`}
          value={lead.stage}
          onChange={(e) => onMove(lead, e.target.value as Stage)}
        >
          {ALL_STAGES.map((s) => (
            <option key={s} value={s}>
              {config.stage_labels[s]}
            </option>
          ))}
        </select>
      </div>
    </li>
  );
}

function Column({
  stage,
  children,
  count,
  label,
}: {
  stage: Stage;
  children: React.ReactNode;
  count: number;
  label: string;
}) {
  const { setNodeRef, isOver } = useDroppable({ id: stage });
  return (
    <section
      ref={setNodeRef}
      className={isOver ? 'lead-column over' : 'lead-column'}
      aria-label={`Etapa ${label}`}
      data-stage={stage}
    >
      <h2>
        {label} <span className="muted">{count}</span>
      </h2>
      <ul>{children}</ul>
    </section>
  );
}

/** The funnel as columns; a drop asks the screen to move the lead (perdido asks the reason). */
export function LeadsKanban({ config, leads, onMove, onOpen }: KanbanProps) {
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor),
  );
  function onDragEnd(e: DragEndEvent) {
    const lead = leads.find((l) => l.id === e.active.id);
    const to = e.over?.id as Stage | undefined;
    if (lead && to && to !== lead.stage) onMove(lead, to);
  }
  return (
    <DndContext
      sensors={sensors}
      onDragEnd={onDragEnd}
      accessibility={{
        screenReaderInstructions: {
          draggable: 'Espaço para pegar o lead, setas para mover entre etapas, Espaço para soltar, Esc para cancelar.',
        },
        announcements: {
          onDragStart: ({ active }) => `Lead ${String(active.id)} pego.`,
          onDragOver: ({ over }) =>
            over ? `Sobre a etapa ${config.stage_labels[over.id as Stage]}.` : 'Fora das etapas.',
          onDragEnd: ({ over }) =>
            over ? `Solto em ${config.stage_labels[over.id as Stage]}.` : 'Solto fora das etapas.',
          onDragCancel: () => 'Movimento cancelado.',
        },
      }}
    >
      <div className="lead-board">
        {ALL_STAGES.map((stage) => {
          const inStage = leads.filter((l) => l.stage === stage);
          return (
            <Column key={stage} stage={stage} count={inStage.length} label={config.stage_labels[stage]}>
              {inStage.slice(0, 200).map((l) => (
                <Card key={l.id} lead={l} config={config} onMove={onMove} onOpen={onOpen} />
              ))}
            </Column>
          );
        })}
      </div>
    </DndContext>
  );
}
