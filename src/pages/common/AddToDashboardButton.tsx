import React, { useState } from 'react';
import type { TimeRange } from '@grafana/data';
import { usePluginComponent } from '@grafana/runtime';
import type { Panel } from '@grafana/schema';
import {
  SceneObjectBase,
  VizPanel,
  sceneGraph,
  type SceneComponentProps,
  type SceneObjectState,
} from '@grafana/scenes';
import { IconButton, Modal } from '@grafana/ui';
import { testIds } from '../../shared/testIds';
import { toDashboardPanel } from './dashboardPanel';

/** Grafana's own "add to dashboard" form, exposed to plugins since Grafana 12 (PluginExtensionExposedComponents). */
export const ADD_TO_DASHBOARD_FORM = 'grafana/add-to-dashboard-form/v1';

interface AddToDashboardFormProps {
  onClose: () => void;
  buildPanel: () => Panel;
  timeRange?: TimeRange;
  options?: { useAbsolutePath?: boolean };
}

/**
 * A panel header action that puts the panel, with its own queries, on a new or existing dashboard.
 * Shown only where Grafana provides the form: elsewhere (an older Grafana, a test shell) it renders
 * nothing rather than a button that cannot work.
 */
export class AddToDashboardButton extends SceneObjectBase<SceneObjectState> {
  static Component = AddToDashboardRenderer;

  public getPanel(): VizPanel {
    return sceneGraph.getAncestor(this, VizPanel);
  }
}

function AddToDashboardRenderer({ model }: SceneComponentProps<AddToDashboardButton>) {
  const { component: Form, isLoading } = usePluginComponent<AddToDashboardFormProps>(ADD_TO_DASHBOARD_FORM);
  const [open, setOpen] = useState(false);
  if (isLoading || !Form) {
    return null;
  }
  const panel = model.getPanel();
  return (
    <>
      <IconButton
        name="apps"
        tooltip="Add this panel to a dashboard"
        onClick={() => setOpen(true)}
        data-testid={testIds.page.addToDashboard}
      />
      {open && (
        <Modal title="Add panel to dashboard" isOpen onDismiss={() => setOpen(false)}>
          <Form
            onClose={() => setOpen(false)}
            buildPanel={() => toDashboardPanel(panel)}
            timeRange={sceneGraph.getTimeRange(panel).state.value}
            options={{ useAbsolutePath: true }}
          />
        </Modal>
      )}
    </>
  );
}
