import { join, relative } from 'node:path';
import { build as esbuild, type Metafile, type OutputFile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCaseflowApp } from '../../infra/caseflow-stack';
import { esbuildOptions } from '../../infra/constructs/bundling';
import { CaseflowFunction, repoRoot } from '../../infra/constructs/caseflow-function';
import { cleanUpTempDirs, noBundling, tempDir } from './synth';

/**
 * Every function of the stack, bundled by esbuild with the options CaseflowFunction gives
 * NodejsFunction (infra/constructs/bundling.ts), within the size its construct allows. Import
 * time is measured by bench/cold-start.ts, not here: it needs a quiet machine.
 */
cleanUpTempDirs();

interface Bundle {
  fn: CaseflowFunction<never>;
  code: OutputFile;
  map: OutputFile | undefined;
  inputs: string[];
}

describe('Lambda bundles', () => {
  let bundles: Bundle[];
  beforeAll(async () => {
    // The constructs are enough: no synth (the other infra tests check the template and cdk-nag).
    const { stack, config } = buildCaseflowApp({ context: noBundling, outdir: tempDir('caseflow-cdk-') });
    const functions = stack.node
      .findAll()
      .filter((c): c is CaseflowFunction<never> => c instanceof CaseflowFunction);
    const outDir = tempDir('caseflow-bundles-');
    bundles = await Promise.all(
      functions.map(async (fn) => {
        const outfile = join(outDir, fn.node.path.replaceAll('/', '-'), 'index.mjs');
        const result = await esbuild({
          ...esbuildOptions(join(repoRoot, fn.bundleBudget.entry), outfile, config),
          write: false,
          metafile: true,
          logLevel: 'silent',
        });
        const output = (result.metafile as Metafile).outputs[relative(repoRoot, outfile)];
        return {
          fn,
          code: result.outputFiles.find((f) => f.path === outfile) as OutputFile,
          map: result.outputFiles.find((f) => f.path === `${outfile}.map`),
          // What went into the bundle (the metafile's inputs also list what tree shaking dropped).
          inputs: Object.keys(output?.inputs ?? {}),
        };
      })
    );
  }, 120_000);

  it('are built for every function of the stack', () => {
    expect(bundles.map((b) => b.fn.bundleBudget.entry).sort()).toEqual([
      'functions/handlers/api.ts',
      'functions/handlers/blacklist-check.ts',
      'functions/handlers/case-clock-step.ts',
      'functions/handlers/intake.ts',
      'functions/handlers/live-publish.ts',
      'functions/handlers/live-subscribe.ts',
      'functions/handlers/monthly-summary.ts',
      'functions/handlers/report-aggregator.ts',
      'functions/handlers/sending-events.ts',
      'functions/handlers/sev1-step.ts',
      'functions/handlers/sign-in-audit.ts',
      'functions/handlers/warmup-progress.ts',
      'functions/handlers/watchdog.ts',
    ]);
  });

  it('each stay within the size their function allows', () => {
    const over = bundles
      .map((b) => ({
        entry: b.fn.bundleBudget.entry,
        kb: b.code.contents.byteLength / 1024,
        max: b.fn.bundleBudget.maxKb,
      }))
      .filter((b) => b.kb > b.max)
      .map((b) => `${b.entry}: ${b.kb.toFixed(0)} KB > ${b.max} KB`);
    expect(over).toEqual([]);
  });

  it('have their source map in a file of its own, without the sources', () => {
    for (const { code, map } of bundles) {
      expect(map).toBeDefined();
      expect(code.text.trimEnd().endsWith('//# sourceMappingURL=index.mjs.map')).toBe(true);
      expect(code.text).not.toContain('sourceMappingURL=data:');
      expect(JSON.parse(map?.text ?? '{}').sourcesContent).toBeUndefined();
    }
  });

  it('hold only the AWS clients, parsers and tracing their function uses', () => {
    const uses = (b: Bundle, path: string) => b.inputs.some((i) => i.includes(path));
    const byName = (name: string) =>
      bundles.find((b) => b.fn.bundleBudget.entry.endsWith(`/${name}.ts`)) as Bundle;
    for (const b of bundles) {
      // No X-Ray SDK, no zod locales, the credential chain cut to the environment, no config schema.
      expect(uses(b, 'node_modules/aws-xray-sdk-core/')).toBe(false);
      expect(uses(b, 'node_modules/zod/v4/locales/de.js')).toBe(false);
      expect(uses(b, 'node_modules/@aws-sdk/credential-provider-sso/')).toBe(false);
      expect(uses(b, 'functions/config/schema.ts')).toBe(false);
    }
    expect(uses(byName('sign-in-audit'), 'node_modules/@aws-sdk/client-sesv2/')).toBe(false);
    expect(uses(byName('sev1-step'), 'node_modules/@aws-sdk/client-s3/')).toBe(false);
    expect(uses(byName('sev1-step'), 'node_modules/postal-mime/')).toBe(false);
    expect(uses(byName('warmup-progress'), 'node_modules/dns-packet/')).toBe(false);
    expect(uses(byName('intake'), 'node_modules/@aws-sdk/client-sns/')).toBe(false);
  });
});
