import { Component, type ComponentChildren } from 'preact';
import { common } from '../i18n/common.js';
import { Button } from '../ui/Button.js';
import { Empty } from '../ui/Empty.js';

/** Catches a page that throws while rendering, so the shell (and the nav) keeps working. */
export class ErrorBoundary extends Component<{ children: ComponentChildren }, { error: unknown }> {
  override state = { error: undefined as unknown };
  static override getDerivedStateFromError(error: unknown) {
    return { error };
  }
  override componentDidCatch(error: unknown) {
    console.error('page crashed', error);
  }
  override render() {
    if (this.state.error === undefined) return this.props.children;
    return (
      <Empty title={common.t('crashed')} hint={common.t('crashedHint')}>
        <Button variant="secondary" onClick={() => this.setState({ error: undefined })}>
          {common.t('retry')}
        </Button>
      </Empty>
    );
  }
}
