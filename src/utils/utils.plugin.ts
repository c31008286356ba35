import { createContext, useContext } from 'react';
import type { AppRootProps } from '@grafana/data';

/** The root props of the app (meta, query, …), readable from anywhere inside the app. */
export const PluginPropsContext = createContext<AppRootProps | null>(null);

export const usePluginProps = () => useContext(PluginPropsContext);

export const usePluginMeta = () => usePluginProps()?.meta;
