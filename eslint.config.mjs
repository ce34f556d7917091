// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

export default tseslint.config(
  { ignores: ['dist/**', 'data/**', 'coverage/**', 'node_modules/**', '**/*.js', '**/*.mjs', 'apps/api/public/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver': { typescript: true, node: true },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      'import-x/no-cycle': ['error', { maxDepth: 10 }],
      'import-x/no-relative-packages': 'error',
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../../*'], message: 'import other packages by their @scrm/* alias' }] },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'read configuration through AppConfig' },
      ],
    },
  },
  {
    // The config class is the one place that reads the environment; tools and tests set it up.
    files: ['libs/config/src/**', 'tools/**', 'test/**', 'bench/**', 'apps/*/src/main.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // Connectors depend only on the SDK.
    files: ['connectors/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@scrm/*', '!@scrm/connector-sdk'], message: 'a connector imports only @scrm/connector-sdk' },
            { group: ['../../*'], message: 'import other packages by their @scrm/* alias' },
          ],
        },
      ],
    },
  },
  {
    // The WeChat connectors also share WeChat's wire protocol (crypto, XML, replay guard).
    files: ['connectors/wechat-official/**/*.ts', 'connectors/wecom-kf/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@scrm/*', '!@scrm/connector-sdk', '!@scrm/connector-wechat-common'],
              message: 'a WeChat connector imports only @scrm/connector-sdk and @scrm/connector-wechat-common',
            },
            { group: ['../../*'], message: 'import other packages by their @scrm/* alias' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts', 'bench/**/*.ts', 'tools/openapi/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', 'no-restricted-imports': 'off' },
  },
);
