import path from 'node:path';
import type { BundleOptions } from '@temporalio/worker';
import tsconfig from '../../../tsconfig.json';
import { WORKFLOWS_ENTRY, workflowAliases, workflowBundlerOptions } from './workflow-bundle';

type Configuration = Parameters<NonNullable<BundleOptions['webpackConfigHook']>>[0];

const repoRoot = path.resolve(__dirname, '../../..');

describe('workflow bundler aliases', () => {
  it('maps every tsconfig path alias exactly to its file in the repository', () => {
    const aliases = workflowAliases();

    expect(Object.keys(aliases).sort()).toEqual(
      Object.keys(tsconfig.compilerOptions.paths)
        .map((alias) => `${alias}$`)
        .sort(),
    );
    expect(aliases['@lien-thong/event-store$']).toBe(path.join(repoRoot, 'libs/event-store/src/index.ts'));
    expect(aliases['@lien-thong/event-store/testing$']).toBe(
      path.join(repoRoot, 'libs/event-store/src/testing/index.ts'),
    );
  });

  it('points the workflow entry at workflows/src/index.ts', () => {
    expect(WORKFLOWS_ENTRY).toBe(path.join(repoRoot, 'workflows/src/index.ts'));
  });

  it('resolves targets against the given base and leaves wildcard paths alone', () => {
    expect(workflowAliases({ '@x/a': ['libs/a/index.ts'], '@x/*': ['libs/*'] }, '/repo')).toEqual({
      '@x/a$': '/repo/libs/a/index.ts',
    });
  });

  it("adds the aliases to webpack's without dropping the SDK's own or changing the given config", () => {
    const config: Configuration = {
      mode: 'development',
      resolve: { extensions: ['.ts'], alias: { __temporal_custom_payload_converter$: false } },
    };
    const { webpackConfigHook } = workflowBundlerOptions({ '@x/a': ['a.ts'] }, '/repo');

    expect(webpackConfigHook(config)).toEqual({
      mode: 'development',
      resolve: {
        extensions: ['.ts'],
        alias: { __temporal_custom_payload_converter$: false, '@x/a$': '/repo/a.ts' },
      },
    });
    expect(config.resolve?.alias).toEqual({ __temporal_custom_payload_converter$: false });
  });

  it('appends exact-match entries when webpack aliases come as a list', () => {
    const { webpackConfigHook } = workflowBundlerOptions({ '@x/a': ['a.ts'] }, '/repo');

    expect(webpackConfigHook({ resolve: { alias: [{ name: 'b', alias: '/b.ts' }] } }).resolve?.alias).toEqual(
      [
        { name: 'b', alias: '/b.ts' },
        { name: '@x/a', alias: '/repo/a.ts', onlyModule: true },
      ],
    );
  });
});
