import {
  Button,
  Masthead,
  MastheadBrand,
  MastheadContent,
  MastheadMain,
  MastheadToggle,
  Nav,
  NavGroup,
  NavItem,
  NavList,
  Page,
  PageSidebar,
  PageSidebarBody,
  PageToggleButton,
  ToggleGroup,
  ToggleGroupItem,
  Toolbar,
  ToolbarContent,
  ToolbarGroup,
  ToolbarItem,
} from '@patternfly/react-core';
import { Suspense, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { LANGUAGES, setLanguage, type Language } from '../i18n';
import { useAuth } from './auth';
import { displayName } from './display-name';
import type { NavEntry } from './feature';

/** The language switch of the header (日本語 / English); the choice is kept as a preference. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <ToggleGroup aria-label={t('app:language')} isCompact>
      {LANGUAGES.map((lang: Language) => (
        <ToggleGroupItem
          key={lang}
          text={t(`app:languages.${lang}`)}
          buttonId={`language-${lang}`}
          isSelected={i18n.language === lang}
          onChange={() => setLanguage(lang)}
        />
      ))}
    </ToggleGroup>
  );
}

function SideNav({ nav }: { nav: NavEntry[] }) {
  const { t } = useTranslation();
  const { principal } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  if (!principal) return null;
  const visible = nav.filter((entry) => !entry.visible || entry.visible(principal));
  const sections = new Map<string, NavEntry[]>();
  for (const entry of visible) {
    const section = entry.section ?? 'app:nav.account';
    sections.set(section, [...(sections.get(section) ?? []), entry]);
  }
  const go = (path: string) => (event: FormEvent) => {
    event.preventDefault();
    void navigate(path);
  };
  const isActive = (path: string) => location.pathname === path || location.pathname.startsWith(`${path}/`);
  return (
    <Nav aria-label={t('app:mainNav')}>
      <NavList>
        <NavItem to="/" isActive={location.pathname === '/'} onClick={go('/')}>
          {t('app:nav.home')}
        </NavItem>
      </NavList>
      {[...sections].map(([section, entries]) => (
        <NavGroup key={section} title={t(section)}>
          {entries.map((entry) => (
            <NavItem
              key={entry.path}
              to={entry.path}
              isActive={isActive(entry.path)}
              onClick={go(entry.path)}
            >
              {t(entry.labelKey)}
            </NavItem>
          ))}
        </NavGroup>
      ))}
    </Nav>
  );
}

/** Header (title, language, user, sign-out), side navigation from every feature's nav entries, and the screen. */
export function ConsoleLayout({ nav }: { nav: NavEntry[] }) {
  const { t } = useTranslation();
  const { principal, signOut } = useAuth();
  const masthead = (
    <Masthead>
      <MastheadMain>
        <MastheadToggle>
          <PageToggleButton variant="plain" aria-label={t('app:mainNav')} />
        </MastheadToggle>
        <MastheadBrand>
          <span className="pf-v6-c-title pf-m-lg">{t('app:title')}</span>
        </MastheadBrand>
      </MastheadMain>
      <MastheadContent>
        <Toolbar isFullHeight isStatic>
          <ToolbarContent>
            <ToolbarGroup align={{ default: 'alignEnd' }} gap={{ default: 'gapMd' }}>
              <ToolbarItem>
                <LanguageSwitch />
              </ToolbarItem>
              {principal ? (
                <ToolbarItem>
                  <span>{t('app:signedInAs', { name: displayName(principal) })}</span>
                </ToolbarItem>
              ) : null}
              <ToolbarItem>
                <Button variant="secondary" onClick={() => void signOut()}>
                  {t('app:signOut')}
                </Button>
              </ToolbarItem>
            </ToolbarGroup>
          </ToolbarContent>
        </Toolbar>
      </MastheadContent>
    </Masthead>
  );
  const sidebar = (
    <PageSidebar>
      <PageSidebarBody>
        <SideNav nav={nav} />
      </PageSidebarBody>
    </PageSidebar>
  );
  return (
    <Page
      masthead={masthead}
      sidebar={sidebar}
      isManagedSidebar
      skipToContent={
        <a className="kanri-skip-link" href="#main-content">
          {t('app:skipToContent')}
        </a>
      }
      mainContainerId="main-content"
    >
      <Suspense fallback={<div aria-busy="true">{t('app:state.loading')}</div>}>
        <Outlet />
      </Suspense>
    </Page>
  );
}
