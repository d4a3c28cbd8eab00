import type { FlowItemType } from '../generated/wire';

/** The colour each flow item type is shown in, wherever it appears. */
export const FLOW_ITEM_COLOURS: Record<FlowItemType, string> = {
  Feature: '#16a34a',
  Defect: '#dc2626',
  Risk: '#d97706',
  Debt: '#2563eb',
};
