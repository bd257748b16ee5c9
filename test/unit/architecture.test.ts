import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The layers of src/ stay true (docs/architecture.md, .dependency-cruiser.cjs): dependency-cruiser
 * reads the import graph of the sources as they are, and a rule broken is a failure that names the
 * import at fault.
 */
const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

function cruise(target: string): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [CLI, target, '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('the layers of src/', () => {
  jest.setTimeout(120_000);

  it('hold: no import breaks a rule of .dependency-cruiser.cjs', () => {
    const { status, output } = cruise('src');
    expect(output).toMatch(/no dependency violations found/);
    expect(status).toBe(0);
  });

  it('are checked for real: a module importing server/ is caught, with the rule and the import named', () => {
    const dir = mkdtempSync(path.join(ROOT, 'src', 'modules', 'zz-architecture-probe-'));
    try {
      writeFileSync(path.join(dir, 'probe.ts'), "import '../../server/metrics';\nexport const probe = 1;\n");
      const { status, output } = cruise('src');
      expect(status).not.toBe(0);
      const probe = path.relative(ROOT, path.join(dir, 'probe.ts'));
      expect(output).toContain(`error modules-are-no-transport: ${probe} → src/server/metrics.ts`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keep a module's import handler to the handler tools, and to the importer alone", () => {
    const dir = mkdtempSync(path.join(ROOT, 'src', 'modules', 'zz-architecture-probe-'));
    try {
      writeFileSync(
        path.join(dir, 'probe.import.ts'),
        "import '../../import/handler';\nimport '../../import/batching';\nexport const probe = 1;\n",
      );
      writeFileSync(path.join(dir, 'probe.service.ts'), "import '../customer/customer.import';\nexport const probe = 1;\n");
      const { status, output } = cruise('src');
      expect(status).not.toBe(0);
      const probe = (file: string) => path.relative(ROOT, path.join(dir, file));
      expect(output).toContain(`error import-handlers-stand-on-the-handler-tools: ${probe('probe.import.ts')} → src/import/batching.ts`);
      expect(output).not.toContain(`${probe('probe.import.ts')} → src/import/handler.ts`);
      expect(output).toContain(
        `error import-handlers-serve-the-importer: ${probe('probe.service.ts')} → src/modules/customer/customer.import.ts`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
