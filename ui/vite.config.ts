import { defineConfig } from 'vitest/config';

// JSX goes through esbuild's automatic runtime: no Babel plugin needed.
export default defineConfig({
  esbuild: { jsx: 'automatic' },
  // The port the app's `build.devUrl` (src-tauri/tauri.conf.json) points at.
  server: { port: 5173, strictPort: true },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      // React Flow marks its modules "use client" for React Server Components; it means
      // nothing in this bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  test: { environment: 'node', include: ['src/**/*.test.ts'] },
});
