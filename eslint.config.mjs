import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', '*.js', '*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        // Nest reads constructor parameter types at run time: imports used only as types in decorated
        // signatures must stay value imports, and the rule below knows that through these two options.
        emitDecoratorMetadata: true,
        experimentalDecorators: true,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['src/**/*.ts', 'libs/**/*.ts'],
    ignores: ['libs/common/src/config/**', '**/*.spec.ts'],
    rules: {
      // Settings come from AppConfig, validated at start (libs/common/src/config); nothing else reads the environment.
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read settings from AppConfig (libs/common/src/config).',
        },
      ],
      // Domain events are declared once per module as a name constant beside their payload type.
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.name='OnEvent'] > Literal.arguments",
          message: 'Import the event name constant from the module that declares the event.',
        },
        {
          selector: 'CallExpression[callee.property.name=/^emit(Async)?$/] > Literal.arguments',
          message: 'Import the event name constant from the module that declares the event.',
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', '**/*.spec.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
