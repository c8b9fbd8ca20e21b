import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', 'cdk.out', 'web/dist', 'dist', '.data', 'test-results', '.bench-out'] },
  js.configs.recommended,
  { files: ['**/*.mjs', '**/*.js'], languageOptions: { globals: globals.node } },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-restricted-properties': [
        'error',
        { object: 'it', property: 'only', message: 'Focused tests hide failures' },
        { object: 'it', property: 'skip', message: 'Skipped tests assert nothing' },
        { object: 'describe', property: 'only', message: 'Focused tests hide failures' },
        { object: 'describe', property: 'skip', message: 'Skipped tests assert nothing' },
        { object: 'test', property: 'only', message: 'Focused tests hide failures' },
        { object: 'test', property: 'skip', message: 'Skipped tests assert nothing' },
      ],
    },
  },
  {
    // Only the data layer talks to the AWS SDK.
    files: ['functions/**/*.ts', 'shared/**/*.ts', 'web/**/*.{ts,tsx}'],
    ignores: ['functions/db/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@aws-sdk/*'], message: 'Only functions/db talks to the AWS SDK' }] },
      ],
    },
  },
  {
    // Route → service → repository: the HTTP edge reaches data only through services (type imports too).
    files: ['functions/api/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@aws-sdk/*'], message: 'Only functions/db talks to the AWS SDK' },
            {
              group: ['**/db/*', '!**/shared/db/*'],
              message: 'functions/api reaches data through functions/services; domain types are in functions/domain',
            },
          ],
        },
      ],
    },
  },
);
