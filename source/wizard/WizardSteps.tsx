import type { Dispatch } from 'react';
import type { Deployment } from '../ui/hooks/use-deployment.js';
import type { TerminalSize } from '../ui/hooks/use-terminal-size.js';
import { elsewhereLines, placeOf } from './finding-places.js';
import { previewModel } from './preview-files.js';
import { plural } from '../model/plural.js';
import { resultsText, supportCommand } from './results-text.js';
import { modeLicenceNote } from './wizard-licence.js';
import { CheckStep } from './steps/CheckStep.js';
import { DeployStep } from './steps/DeployStep.js';
import { HostsStep } from './steps/HostsStep.js';
import { LayoutStep } from './steps/LayoutStep.js';
import { ModeStep } from './steps/ModeStep.js';
import { OptionsStep } from './steps/OptionsStep.js';
import { PreviewStep } from './steps/PreviewStep.js';
import { ResultsStep } from './steps/ResultsStep.js';
import { WelcomeStep } from './steps/WelcomeStep.js';
import type { useHostTests } from './use-host-tests.js';
import type { WizardActions } from './use-wizard-actions.js';
import { differenceBlocker, type DeployedReading } from './difference-view.js';
import { deployBlocker, findingsFor, hostPasswords, type Assessment } from './wizard-selectors.js';
import type { WizardServices } from './wizard-services.js';
import type { WizardAction, WizardState } from './wizard-state.js';

/** Everything the current screen is wired to. */
export type WizardStepsProps = {
  readonly state: WizardState;
  readonly dispatch: Dispatch<WizardAction>;
  readonly assessment: Assessment;
  readonly services: WizardServices;
  readonly actions: WizardActions;
  readonly tests: ReturnType<typeof useHostTests>;
  readonly deployment: Deployment;
  readonly size: TerminalSize;
  readonly now: number;
  /** What is deployed against the topology on Preview (use-deployed-difference.ts). */
  readonly deployed: DeployedReading | undefined;
  readonly isActive: boolean;
  readonly onExit: (code: number) => void;
};

/** The current screen with its props: the one place steps meet the reducer and the services. */
export function WizardSteps(props: WizardStepsProps) {
  const { state, dispatch, assessment, services, actions, deployment, size, isActive } = props;
  const next = () => dispatch({ type: 'goNext' });
  const { topologyFile } = actions;
  switch (state.step) {
    case 'welcome':
      return (
        <WelcomeStep
          recent={services.settings.recentTopologies()}
          isActive={isActive}
          onNew={() => dispatch({ type: 'startNew' })}
          onOpen={actions.open}
          {...(actions.openError ? { openError: actions.openError } : {})}
        />
      );
    case 'mode':
      return (
        <ModeStep
          value={state.mode}
          isActive={isActive}
          licenceNoteOf={(mode) => modeLicenceNote(mode, assessment.licence)}
          onSubmit={(mode) => dispatch({ type: 'selectMode', mode })}
        />
      );
    case 'hosts':
      return (
        <HostsStep
          mode={state.mode}
          hosts={state.hosts}
          nextHostId={state.nextHostId}
          findings={findingsFor(assessment, 'hosts')}
          tests={props.tests.current(state.hosts)}
          isActive={isActive}
          width={size.columns}
          height={size.rows}
          onAdd={() => dispatch({ type: 'addHost' })}
          onChange={(id, changes) => dispatch({ type: 'updateHost', id, changes })}
          onRemove={(id) => dispatch({ type: 'removeHost', id })}
          onAddHosts={(at, addresses) => dispatch({ type: 'addHosts', at, addresses })}
          onTest={(id) => props.tests.testHost(state.hosts, id)}
          onSubmit={next}
        />
      );
    case 'layout':
      return (
        <LayoutStep
          mode={state.mode}
          layout={state.layout}
          assessment={assessment}
          elsewhere={elsewhereLines('layout', state, assessment)}
          placeOf={(finding) => placeOf(finding, state, assessment).field}
          isActive={isActive}
          width={size.columns}
          height={size.rows}
          onChange={(changes) => dispatch({ type: 'updateLayout', changes })}
          onSubmit={next}
        />
      );
    case 'options':
      return (
        <OptionsStep
          options={state.options}
          mode={state.mode}
          assessment={assessment}
          elsewhere={elsewhereLines('options', state, assessment)}
          isActive={isActive}
          width={size.columns}
          height={size.rows}
          onChange={(changes) => dispatch({ type: 'updateOptions', changes })}
          onSubmit={next}
        />
      );
    case 'preview': {
      const preview = previewModel(
        assessment,
        services.renderFiles,
        actions.display(topologyFile),
        state.opened && actions.display(state.opened.file),
      );
      return (
        <PreviewStep
          {...preview}
          topologyFile={actions.display(topologyFile)}
          blocker={
            // While what is deployed is still being read, Enter is not held up: the deploy reads
            // it again and refuses what Preview would have (app/deployed-difference.ts).
            deployBlocker(assessment) ??
            differenceBlocker(
              props.deployed?.status === 'read' ? props.deployed.difference : undefined,
              actions.display(topologyFile),
            )
          }
          deployed={props.deployed}
          isActive={isActive}
          width={size.columns}
          height={size.rows}
          onSave={actions.save}
          onExport={actions.exportTo}
          onDeploy={actions.deploy}
        />
      );
    }
    case 'check':
      return (
        <CheckStep
          hosts={assessment.topology?.hosts.map((host) => host.name) ?? []}
          run={actions.check}
          onDeploy={actions.startDeployment}
          rows={size.rows}
          columns={size.columns}
          isActive={isActive}
        />
      );
    case 'deploy':
      return deployment.snapshot && deployment.store ? (
        <DeployStep
          title={`${assessment.topology?.name ?? ''} (${assessment.topology?.mode ?? ''}) → ${plural(deployment.snapshot.panes.length - 1, 'host')}`}
          snapshot={deployment.snapshot}
          paneLog={(pane) => deployment.store?.paneLog(pane) ?? []}
          now={props.now}
          rows={size.rows}
          columns={size.columns}
          isActive={isActive}
          onRetry={actions.retry}
          onAbort={deployment.abort}
          onBack={() => dispatch({ type: 'goBack' })}
          onResults={next}
          supportCommand={supportCommand(topologyFile)}
        />
      ) : null;
    case 'results': {
      const deployed = assessment.topology;
      return deployed ? (
        <ResultsStep
          results={resultsText(assessment.topology, {
            leader: deployment.snapshot?.leader,
            file: topologyFile,
            publicNames: state.options.publicNames,
          })}
          file={topologyFile}
          journal={state.lastDeploy?.journal}
          changed={state.lastDeploy?.change === true}
          defaultPassword={services.adminPasswordIsDefault}
          rows={size.rows}
          columns={size.columns}
          onChangePassword={(newPassword) =>
            services.changeAdminPassword({
              topology: deployed,
              passwords: hostPasswords(state.hosts, deployed),
              newPassword,
            })
          }
          isActive={isActive}
          onQuit={() => props.onExit(0)}
        />
      ) : null;
    }
  }
}
