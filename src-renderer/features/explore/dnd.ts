import type { DragEvent } from 'react';

/** What a drag carries: a field, and the shelf chip it comes from (a move rather than an add). */
export interface DragField {
  field: string;
  from?: { shelf: 'rows' | 'cols'; index: number };
}

const TYPE = 'application/x-ace-field';

export function startDrag(e: DragEvent, d: DragField): void {
  e.dataTransfer.setData(TYPE, JSON.stringify(d));
  e.dataTransfer.setData('text/plain', d.field);
  e.dataTransfer.effectAllowed = d.from ? 'move' : 'copyMove';
}

export const isFieldDrag = (e: DragEvent) => e.dataTransfer.types.includes(TYPE);

export function readDrag(e: DragEvent): DragField | null {
  try {
    return JSON.parse(e.dataTransfer.getData(TYPE)) as DragField;
  } catch {
    return null;
  }
}
