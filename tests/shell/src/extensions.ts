/**
 * Plugin extensions: the shell registers none, so every hook answers "nothing registered, done
 * loading". The plugin's "add to dashboard" button asks for Grafana's exposed form
 * (grafana/add-to-dashboard-form/v1) and so stays hidden, as in a Grafana that lacks the form.
 * Without these hooks @grafana/runtime throws "can only be used after Grafana instance has started".
 */
import { of } from 'rxjs';
import {
  setPluginComponentHook,
  setPluginComponentsHook,
  setPluginFunctionsHook,
  setPluginLinksHook,
} from '@grafana/runtime';
import { setGetObservablePluginComponents, setGetObservablePluginLinks } from './runtimeInternal';

export function initExtensions(): void {
  setPluginComponentHook(() => ({ component: null, isLoading: false }));
  setPluginComponentsHook(() => ({ components: [], isLoading: false }));
  setPluginLinksHook(() => ({ links: [], isLoading: false }));
  setPluginFunctionsHook(() => ({ functions: [], isLoading: false }));
  setGetObservablePluginLinks(() => of([]));
  setGetObservablePluginComponents(() => of([]));
}
