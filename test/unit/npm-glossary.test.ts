/**
 * Shared glossaries from npm packages, offline: `npm:` entries of `glossaryFiles` resolved from the
 * nearest node_modules up from the config's folder, through the project's file system (never
 * `require`, never the network), in Restricted Mode only inside the workspace by real path; a clear
 * problem when the package is not installed; the package's name and version in hovers and stats.
 */

import { describe, expect, it } from 'vitest';
import { URI } from 'vscode-uri';
import { runGlossary, type GlossaryStats } from '../../server/src/cli/glossaryCommand';
import { loadGlossaryLayers, loadProject } from '../../server/src/cli/lint';
import { preferredTerm } from '../../server/src/core/glossary/model';
import { createTermService } from '../../server/src/core/service';
import type { ProjectFileSystem } from '../../server/src/project/fileSystem';
import { resolveGlossaryFileEntries } from '../../server/src/project/glossaryFiles';
import { InMemoryFileSystem } from '../../server/src/project/memoryFs';
import { createProject, type ProjectOptions } from '../../server/src/project/workspace';
import { cursor, dictionary } from './helpers';
import { diskLintIo } from './lintIo';

const GLOSSARY = 'concepts:\n  - term: Zorblax Yield\n    definitions: ["Acme: the yield of a zorblax bond."]\n';
const manifest = (fields: Record<string, unknown>) => JSON.stringify({ name: '@acme/finance-glossary', version: '1.2.0', ...fields });

/** A package installed at `folder` (its node_modules entry), with `termlens.glossary` naming its glossary file. */
function installed(folder: string, version = '1.2.0'): Record<string, string> {
  return {
    [`${folder}/package.json`]: manifest({ version, termlens: { glossary: 'terms/finance.glossary.yaml' } }),
    [`${folder}/terms/finance.glossary.yaml`]: GLOSSARY.replace('Acme:', `Acme ${version}:`),
    [`${folder}/extra/more.glossary.yaml`]: 'concepts:\n  - term: Quokka Coupon\n',
  };
}

/** The file system with every read recorded. */
function recording(fs: InMemoryFileSystem): { fs: ProjectFileSystem; reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    fs: {
      readFile: (p) => (reads.push(p), fs.readFile(p)),
      stat: (p) => fs.stat(p),
      realpath: (p) => fs.realpath(p),
      glob: (pattern, options) => fs.glob(pattern, options),
    },
  };
}

async function load(files: Record<string, string>, options: Partial<ProjectOptions> & { fs?: ProjectFileSystem } = {}) {
  const logs: string[] = [];
  const project = createProject({ fs: new InMemoryFileSystem(files), folders: ['/ws'], log: (m) => logs.push(m), ...options });
  const result = await project.reload();
  return { project, result, logs, terms: project.store.snapshot().concepts.map(preferredTerm).sort() };
}

describe('npm: glossary entries', () => {
  it("serve an installed package's termlens.glossary file, named by the package and its version in hovers and stats", async () => {
    const { project, result, terms } = await load({
      ...installed('/ws/node_modules/@acme/finance-glossary'),
      '/ws/termlens.config.yaml': 'glossaryFiles: ["npm:@acme/finance-glossary", "npm:@acme/finance-glossary/extra/more.glossary.yaml"]\n',
    });
    expect(result.problems).toBeUndefined();
    expect(result.settingsFiles).toEqual([
      '/ws/node_modules/@acme/finance-glossary/terms/finance.glossary.yaml',
      '/ws/node_modules/@acme/finance-glossary/extra/more.glossary.yaml',
    ]);
    expect(terms).toEqual(['Quokka Coupon', 'Zorblax Yield']);
    const service = createTermService({ dictionary, store: project.store });
    const { text, offset } = cursor('The Zorblax Yi|eld fell.');
    const hover = service.hover(service.parse(text, 'markdown', { path: '/ws/a.md' }), offset)?.markdown;
    expect(hover).toBe('**Zorblax Yield** · *term* · *@acme/finance-glossary 1.2.0*\n\nAcme 1.2.0: the yield of a zorblax bond.');
    const files = project.store
      .snapshot()
      .files.map((f) => ({ file: URI.parse(f.uri).fsPath, layer: f.layer, concepts: f.concepts, errors: f.errors, package: f.package }));
    expect(files[0]).toEqual({
      file: '/ws/node_modules/@acme/finance-glossary/terms/finance.glossary.yaml',
      layer: 'settings',
      concepts: 1,
      errors: 0,
      package: { name: '@acme/finance-glossary', version: '1.2.0' },
    });
  });

  it('resolve from the nearest node_modules up from the config folder, as Node does', async () => {
    const { result, project } = await load(
      {
        ...installed('/repo/node_modules/@acme/finance-glossary', '1.0.0'),
        ...installed('/repo/app/node_modules/@acme/finance-glossary', '2.0.0'),
        '/repo/app/termlens.config.yaml': 'glossaryFiles: ["npm:@acme/finance-glossary"]\n',
      },
      { folders: ['/repo/app/docs'] },
    );
    expect(result.settingsFiles).toEqual(['/repo/app/node_modules/@acme/finance-glossary/terms/finance.glossary.yaml']);
    expect(project.store.snapshot().concepts[0]?.senses[0]?.text).toBe('Acme 2.0.0: the yield of a zorblax bond.');
  });

  it('say clearly when the package is not installed, has no glossary field, or is not a package name', async () => {
    const { result, logs } = await load({
      '/ws/node_modules/plain-pkg/package.json': '{"name": "plain-pkg", "version": "0.1.0"}',
      '/ws/node_modules/broken-pkg/package.json': '{"name": ',
      '/ws/node_modules/huge-pkg/package.json': `{"name": "huge-pkg", "x": "${'x'.repeat(1_100_000)}"}`,
      '/ws/termlens.config.yaml':
        'glossaryFiles: ["npm:@acme/nope", "npm:plain-pkg", "npm:broken-pkg", "npm:huge-pkg", "npm:Not A Name", "npm:plain-pkg/../../../etc/passwd"]\n',
    });
    expect(result.problems).toEqual([
      {
        entry: 'npm:@acme/nope',
        message: 'the npm package @acme/nope is not installed: no node_modules/@acme/nope in /ws or a folder above it (run npm install)',
      },
      {
        entry: 'npm:plain-pkg',
        message: 'plain-pkg 0.1.0 names no glossary: its package.json has no "termlens": { "glossary": "FILE" }; name a file with npm:plain-pkg/FILE',
      },
      { entry: 'npm:broken-pkg', message: '/ws/node_modules/broken-pkg/package.json is not valid JSON' },
      { entry: 'npm:huge-pkg', message: '/ws/node_modules/huge-pkg/package.json is larger than 1 MB and was not read' },
      { entry: 'npm:Not A Name', message: 'not an npm package name; write npm:NAME or npm:@SCOPE/NAME, optionally followed by /FILE' },
      { entry: 'npm:plain-pkg/../../../etc/passwd', message: '"../../../etc/passwd" is not a path inside the package' },
    ]);
    expect(result.settingsFiles).toEqual([]);
    expect(logs).toContain(
      'glossary npm:@acme/nope: the npm package @acme/nope is not installed: no node_modules/@acme/nope in /ws or a folder above it (run npm install)',
    );
  });

  it('stop termlens lint with the problem (exit 2), as an unreadable glossary does', async () => {
    const fs = new InMemoryFileSystem({ '/proj/termlens.config.yaml': 'glossaryFiles: ["npm:@acme/finance-glossary"]\n' });
    const io = { cwd: '/proj', bundledGlossaryPath: '/app/none.json', fileSystem: fs, readFile: (f: string) => fs.readFile(f) };
    const cli = await loadProject(io, { explicit: { bundledGlossary: false } });
    await expect(loadGlossaryLayers(io, cli)).rejects.toThrow(
      'glossary npm:@acme/finance-glossary: the npm package @acme/finance-glossary is not installed: no node_modules/@acme/finance-glossary in /proj or a folder above it (run npm install)',
    );
    // --glossary takes npm: entries too.
    fs.writeFile('/proj/termlens.config.yaml', '{}\n');
    for (const [p, text] of Object.entries(installed('/proj/node_modules/@acme/finance-glossary'))) fs.writeFile(p, text);
    const flagged = await loadProject(io, { explicit: { bundledGlossary: false }, glossaries: ['npm:@acme/finance-glossary'] });
    const inputs = await loadGlossaryLayers(io, flagged);
    expect(inputs.map((g) => [URI.parse(g.uri).fsPath, g.place?.package?.version])).toEqual([
      ['/proj/node_modules/@acme/finance-glossary/terms/finance.glossary.yaml', '1.2.0'],
    ]);
    // termlens glossary stats names the package of each file.
    fs.writeFile('/proj/termlens.config.yaml', 'glossaryFiles: ["npm:@acme/finance-glossary"]\n');
    let out = '';
    const code = await runGlossary(
      ['stats', '--no-bundled', '--format', 'json'],
      diskLintIo('/proj', { fileSystem: fs, readFile: (f) => fs.readFile(f), stdout: (t) => void (out += t) }),
    );
    expect(code).toBe(0);
    expect((JSON.parse(out) as GlossaryStats).files).toEqual([
      {
        file: 'node_modules/@acme/finance-glossary/terms/finance.glossary.yaml',
        layer: 'settings',
        concepts: 1,
        errors: 0,
        package: '@acme/finance-glossary@1.2.0',
      },
    ]);
    out = '';
    await runGlossary(['stats', '--no-bundled'], diskLintIo('/proj', { fileSystem: fs, readFile: (f) => fs.readFile(f), stdout: (t) => void (out += t) }));
    expect(out).toContain('node_modules/@acme/finance-glossary/terms/finance.glossary.yaml (@acme/finance-glossary@1.2.0)');
  });
});

describe('npm: entries in Restricted Mode', () => {
  it('read no package outside the workspace (not even its package.json), and say why', async () => {
    const memory = new InMemoryFileSystem({
      ...installed('/node_modules/@acme/finance-glossary'),
      '/ws/termlens.config.yaml': 'glossaryFiles: ["npm:@acme/finance-glossary"]\n',
    });
    const { fs, reads } = recording(memory);
    const untrusted = await load({}, { fs, trusted: false });
    expect(untrusted.terms).toEqual([]);
    expect(untrusted.result.problems).toEqual([
      { entry: 'npm:@acme/finance-glossary', message: 'the package at /node_modules/@acme/finance-glossary is outside the workspace, which is not trusted' },
    ]);
    expect(reads.filter((p) => !p.startsWith('/ws/'))).toEqual([]);
    // Trusted, the same package is read.
    expect((await load({}, { fs, trusted: true })).terms).toEqual(['Zorblax Yield']);
  });

  it('follow a symlinked package inside the workspace, and refuse one that links out of it', async () => {
    const files = {
      ...installed('/ws/packages/finance-glossary'),
      ...installed('/outside/finance-glossary'),
      '/ws/termlens.config.yaml': 'glossaryFiles: ["npm:@acme/finance-glossary", "npm:@acme/linked-out"]\n',
    };
    const fs = new InMemoryFileSystem(files)
      .symlink('../../packages/finance-glossary', '/ws/node_modules/@acme/finance-glossary')
      .symlink('/outside/finance-glossary', '/ws/node_modules/@acme/linked-out');
    const untrusted = await load({}, { fs, trusted: false });
    expect(untrusted.result.settingsFiles).toEqual(['/ws/node_modules/@acme/finance-glossary/terms/finance.glossary.yaml']);
    // (The linked package's own folder is inside the workspace, so its files are workspace glossaries too.)
    const served = untrusted.project.store.snapshot().files.filter((f) => f.package);
    expect(served.map((f) => [URI.parse(f.uri).fsPath, f.layer, f.concepts])).toEqual([
      ['/ws/node_modules/@acme/finance-glossary/terms/finance.glossary.yaml', 'settings', 1],
    ]);
    expect(untrusted.result.problems).toEqual([
      {
        entry: 'npm:@acme/linked-out',
        message: 'the package at /ws/node_modules/@acme/linked-out (/outside/finance-glossary) is outside the workspace, which is not trusted',
      },
    ]);
    const trusted = await load({}, { fs, trusted: true });
    expect(trusted.result.problems).toBeUndefined();
    expect(trusted.result.settingsFiles).toHaveLength(2);
  });

  it('drop a glossary file the package links out of the workspace, as for every file', async () => {
    const fs = new InMemoryFileSystem({
      '/ws/node_modules/sneaky/package.json': JSON.stringify({ name: 'sneaky', version: '1.0.0', termlens: { glossary: 'terms.glossary.yaml' } }),
      '/outside/terms.glossary.yaml': GLOSSARY,
    }).symlink('/outside/terms.glossary.yaml', '/ws/node_modules/sneaky/terms.glossary.yaml');
    const logs: string[] = [];
    const resolved = await resolveGlossaryFileEntries('/ws', ['npm:sneaky'], { fs, trusted: false, roots: ['/ws'], log: (m) => logs.push(m) });
    expect(resolved).toEqual({ files: [], problems: [] });
    expect(logs).toEqual(['ignored /ws/node_modules/sneaky/terms.glossary.yaml (/outside/terms.glossary.yaml): outside the workspace, which is not trusted']);
  });
});
