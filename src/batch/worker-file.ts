/**
 * The file a worker thread runs, next to this module, and the Node options it needs: under the
 * TypeScript sources (tests) the worker is TypeScript too and needs tsx's loader.
 */
export function workerFile(name: string): { filename: string; execArgv: string[] } {
  const here = import.meta.url;
  if (here.endsWith('.ts'))
    return {
      filename: new URL(`./${name}.ts`, here).href,
      execArgv: [...process.execArgv, '--import', 'tsx'],
    };
  return { filename: new URL(`./${name}.js`, here).href, execArgv: [...process.execArgv] };
}
