// Lint: the recommended rules of ESLint and typescript-eslint, on every source file.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', 'release/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The renderer runs in a sandboxed browser page: browser globals, and no Node at all.
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'The renderer knows nothing of Node; go through the bridge.' },
            { group: ['**/main/engine/**', '**/main/checks/**', '**/main/lab/**', '**/main/report/**', '**/main/bridge/**', '**/main/app/**', '**/main/runner*'], message: 'The renderer reaches the engine only through the bridge (main/contract).' },
          ],
        },
      ],
    },
  },
);
