/**
 * What the production build gives @grafana/scenes for `import { selectors } from '@grafana/e2e-selectors'`
 * (webpack.config.ts aliases the package here; Jest and the Playwright specs use the real package).
 *
 * Grafana does not share @grafana/e2e-selectors with plugins (it is not in the shared dependencies
 * map of Grafana's plugin loader, 12.4 included), so the build bundled all of it into the Scenes chunk: every selector of
 * Grafana, versioned, resolved at load time with `semver` — about 92 KiB minified, 14 % of the Cost
 * page's first view, for the eight test ids Scenes puts on its variable pickers, loading indicator,
 * panel menu and grid rows. These are those ids, as the real `selectors` resolves them ("latest", the
 * package's newest version, whatever Grafana runs): the rendered attributes are the same.
 *
 * e2eSelectors.test.ts checks every `selectors.…` that @grafana/scenes references against the real
 * package, so upgrading either fails the tests instead of rendering `undefined` (or throwing).
 */
export const selectors = {
  components: {
    DashboardRow: {
      title: (title: string) => `data-testid dashboard-row-title-${title}`,
    },
    LoadingIndicator: {
      icon: 'data-testid Loading indicator',
    },
    Panels: {
      Panel: {
        menuItems: (item: string) => `data-testid Panel menu item ${item}`,
      },
    },
    Select: {
      option: 'data-testid Select option',
    },
  },
  pages: {
    Dashboard: {
      SubMenu: {
        submenuItem: 'data-testid template variable',
        submenuItemLabels: (item: string) => `data-testid Dashboard template variables submenu Label ${item}`,
        submenuItemValueDropDownOptionTexts: (item: string) =>
          `data-testid Dashboard template variables Variable Value DropDown option text ${item}`,
        submenuItemValueDropDownValueLinkTexts: (item: string) =>
          `data-testid Dashboard template variables Variable Value DropDown value link text ${item}`,
      },
    },
  },
};
