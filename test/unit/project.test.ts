/**
 * The project model (server/src/project/workspace.ts) over the in-memory file system: config
 * lookup and the last good config, glossary layering and precedence, a broken glossary keeping its
 * last good version, open documents winning over the disk, Restricted Mode through symlinks, and
 * the CLI and the server getting the same glossary and settings from one project (no process),
 * each file linted with the glossaries of its own folder.
 */

import { describe, expect, it } from 'vitest';
import { URI } from 'vscode-uri';
import { buildService, lintText } from '../../server/src/cli/engine';
import { loadGlossaryLayers, loadProject } from '../../server/src/cli/lint';
import { createTermService, type TermService } from '../../server/src/core/service';
import type { Concept } from '../../server/src/core/glossary/model';
import { preferredTerm } from '../../server/src/core/glossary/model';
import { InMemoryFileSystem } from '../../server/src/project/memoryFs';
import { createProject, type Project, type ProjectChange, type ProjectOptions } from '../../server/src/project/workspace';
import { dictionary } from './helpers';

const uri = (p: string) => URI.file(p).toString();
const glossary = (...entries: [term: string, definition: string][]) =>
  `concepts:\n${entries.map(([term, def]) => `  - term: ${term}\n    definitions: [${def}]\n`).join('')}`;

/** The definition served for `term`, and the file it comes from. */
function served(project: Project, term: string): { definition?: string; file?: string } | undefined {
  const concept = project.store.snapshot().concepts.find((c: Concept) => preferredTerm(c) === term);
  if (!concept) return undefined;
  return { definition: concept.senses[0]?.text, file: concept.origin && URI.parse(concept.origin.uri).fsPath };
}

function project(fs: InMemoryFileSystem, options: Partial<ProjectOptions> = {}): { project: Project; changes: ProjectChange[]; logs: string[] } {
  const changes: ProjectChange[] = [];
  const logs: string[] = [];
  const p = createProject({ fs, folders: ['/ws'], log: (m) => logs.push(m), ...options });
  p.onDidChange((c) => changes.push(c));
  return { project: p, changes, logs };
}

describe('the in-memory file system', () => {
  it('resolves symlinks component by component, fails on broken links and loops, and globs through links', async () => {
    const fs = new InMemoryFileSystem({ '/a/f.txt': 'F', '/b/g.glossary.yaml': 'G' })
      .symlink('/a/f.txt', '/ws/link.txt')
      .symlink('../b', '/ws/dir')
      .symlink('/nowhere', '/ws/broken')
      .symlink('/ws/loop2', '/ws/loop1')
      .symlink('/ws/loop1', '/ws/loop2')
      .symlink('..', '/ws/sub/up');
    expect(await fs.realpath('/ws/link.txt')).toBe('/a/f.txt');
    expect(await fs.realpath('/ws/dir/g.glossary.yaml')).toBe('/b/g.glossary.yaml');
    expect(await fs.readFile('/ws/link.txt')).toBe('F');
    expect(await fs.readFile('/ws/dir')).toBeUndefined();
    await expect(fs.realpath('/ws/broken')).rejects.toThrow(/ENOENT/);
    await expect(fs.realpath('/ws/loop1')).rejects.toThrow(/ELOOP/);
    expect((await fs.glob('**/*.glossary.yaml', { cwd: '/ws' })).sort()).toEqual(['/ws/dir/g.glossary.yaml']);
    expect(await fs.glob('/ws/dir/*.yaml')).toEqual(['/ws/dir/g.glossary.yaml']);
  });
});

describe('config lookup and the last good config', () => {
  it('finds the config from the folder up to the repository root, not above it', async () => {
    const fs = new InMemoryFileSystem({ '/termlens.config.yaml': 'knownAcronyms: [TOP]\n', '/repo/termlens.config.yaml': 'knownAcronyms: [REPO]\n' })
      .mkdir('/repo/.git')
      .mkdir('/repo/pkg');
    const { project: p } = project(fs, { folders: ['/repo/pkg'] });
    expect((await p.config('/repo/pkg/a.md')).path).toBe('/repo/termlens.config.yaml');
    expect((await p.settings({ file: '/repo/pkg/a.md', at: '/repo/pkg/a.md' })).knownAcronyms).toEqual(['REPO']);
    fs.delete('/repo/termlens.config.yaml');
    expect(p.fileChanged(uri('/repo/termlens.config.yaml'), true)).toBe(true);
    expect((await p.config('/repo/pkg/a.md')).path).toBeUndefined();
  });

  it('a broken config keeps serving the last good one and reports the problems of the current text', async () => {
    const fs = new InMemoryFileSystem({ '/ws/termlens.config.yaml': 'rules:\n  term.variant: error\n' });
    const { project: p, changes, logs } = project(fs);
    const file = { file: '/ws/a.md', at: '/ws/a.md' };
    expect((await p.settings(file)).severities['term.variant']).toBe('error');

    fs.writeFile('/ws/termlens.config.yaml', 'rules:\n  term.variant: loud\n');
    p.fileChanged(uri('/ws/termlens.config.yaml'), false);
    const broken = await p.config('/ws/a.md');
    expect(broken.problems.length).toBeGreaterThan(0);
    expect(broken.problems[0]!.code).toBe('config.schema');
    expect(broken.config?.settings.severities?.['term.variant']).toBe('error');
    expect((await p.settings(file)).severities['term.variant']).toBe('error');
    expect(logs.some((l) => l.includes('serving its last good version'))).toBe(true);
    expect(changes.filter((c) => c.kind === 'config').map((c) => c.kind === 'config' && c.problems.length > 0)).toEqual([false, true]);

    fs.writeFile('/ws/termlens.config.yaml', 'rules:\n  term.variant: hint\n');
    p.fileChanged(uri('/ws/termlens.config.yaml'), false);
    expect((await p.config('/ws/a.md')).problems).toEqual([]);
    expect((await p.settings(file)).severities['term.variant']).toBe('hint');
  });

  it('explicit settings win over the config, and overrides apply by file', async () => {
    const fs = new InMemoryFileSystem({
      '/ws/termlens.config.yaml':
        'rules:\n  term.variant: error\noverrides:\n  - files: ["src/**"]\n    rules:\n      term.variant: hint\nignore: [legacy/**]\n',
    });
    const { project: p } = project(fs, { explicitSettings: () => ({ diagnostics: { severity: { 'term.deprecated': 'off' } } }) });
    const note = await p.settings({ file: '/ws/notes/a.md', at: '/ws/notes/a.md' });
    const code = await p.settings({ file: '/ws/src/a.ts', at: '/ws/src/a.ts' });
    expect([note.severities['term.variant'], code.severities['term.variant'], note.severities['term.deprecated']]).toEqual(['error', 'hint', 'off']);
    expect(await p.isIgnored('/ws/legacy/old.md', note)).toBe(true);
    expect(await p.isIgnored('/ws/notes/a.md', note)).toBe(false);
  });
});

describe('glossary layers', () => {
  const files = {
    '/app/bundled.glossary.yaml': glossary(['Heston Model', 'bundled'], ['Vega', 'bundled vega']),
    '/ws/team.glossary.yaml': glossary(['Heston Model', 'team'], ['Knock-In Put', 'team put']),
    '/ws/termlens.config.yaml': 'glossaryFiles: [../shared/desk.yaml]\n',
    '/shared/desk.yaml': glossary(['Heston Model', 'desk']),
  };

  it('bundled → workspace → settings, later layers overriding concept by concept', async () => {
    const { project: p, changes } = project(new InMemoryFileSystem(files), { bundled: '/app/bundled.glossary.yaml' });
    const load = await p.reload();
    expect(load).toEqual({ settingsFiles: ['/shared/desk.yaml'], unreadable: [] });
    expect(p.store.snapshot().files.map((f) => [f.layer, URI.parse(f.uri).fsPath])).toEqual([
      ['bundled', '/app/bundled.glossary.yaml'],
      ['workspace', '/ws/team.glossary.yaml'],
      ['settings', '/shared/desk.yaml'],
    ]);
    expect(served(p, 'Heston Model')).toEqual({ definition: 'desk', file: '/shared/desk.yaml' });
    expect(served(p, 'Vega')?.definition).toBe('bundled vega');
    expect(served(p, 'Knock-In Put')?.definition).toBe('team put');
    expect(changes).toContainEqual({ kind: 'glossary' });
    expect(p.glossaryInputs().map((g) => g.layer)).toEqual(['bundled', 'workspace', 'settings']);
  });

  it('reads the layers without serving them; reload serves exactly what was read, and the listing keeps settings order', async () => {
    const fs = new InMemoryFileSystem({
      ...files,
      '/ws/termlens.config.yaml': 'glossaryFiles: [/shared/later.yaml, /shared/desk.yaml, missing.yaml]\n',
      '/shared/later.yaml': glossary(['Heston Model', 'later']),
    });
    const { project: p, changes } = project(fs, { bundled: '/app/bundled.glossary.yaml' });
    const read = await p.readGlossaryLayers();
    expect(p.store.snapshot().files).toEqual([]);
    expect(p.glossaryTexts().size).toBe(0);
    expect(changes.filter((c) => c.kind === 'glossary')).toEqual([]);
    expect(read.files.map((f) => [f.layer, URI.parse(f.uri).fsPath])).toEqual([
      ['bundled', '/app/bundled.glossary.yaml'],
      ['workspace', '/ws/team.glossary.yaml'],
      ['settings', '/shared/later.yaml'],
      ['settings', '/shared/desk.yaml'],
    ]);
    expect(read.files.find((f) => f.uri === uri('/shared/desk.yaml'))?.text).toBe(files['/shared/desk.yaml']);
    const { files: listed, ...load } = read;
    expect(await p.reload()).toEqual(load);
    expect(load.unreadable).toEqual([{ path: '/ws/missing.yaml', layer: 'settings' }]);
    expect(p.glossaryInputs()).toEqual(listed);
    // The last settings file listed wins, as the store orders them.
    expect(served(p, 'Heston Model')).toEqual({ definition: 'desk', file: '/shared/desk.yaml' });
    expect(buildService(dictionary, listed).store.snapshot().concepts).toEqual(p.store.snapshot().concepts);
  });

  it('settings turn layers off, and a missing file is reported as unreadable', async () => {
    const fs = new InMemoryFileSystem({
      ...files,
      '/ws/termlens.config.yaml': 'bundledGlossary: false\nworkspaceGlossaries: false\nglossaryFiles: [missing.yaml]\n',
    });
    const { project: p } = project(fs, { bundled: '/app/bundled.glossary.yaml' });
    expect((await p.reload()).unreadable).toEqual([{ path: '/ws/missing.yaml', layer: 'settings' }]);
    expect(p.store.snapshot().files).toEqual([]);
  });

  it('a broken glossary file yields a problem in that file while its last good version keeps serving', async () => {
    const fs = new InMemoryFileSystem(files);
    const { project: p, changes } = project(fs);
    await p.reload();
    fs.writeFile('/ws/team.glossary.yaml', 'concepts:\n  - term: [unclosed\n');
    changes.length = 0;
    expect(p.fileChanged(uri('/ws/team.glossary.yaml'), false)).toBe(true);
    await p.reload();
    const problems = p.store.snapshot().problems.filter((q) => q.severity === 'error');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((q) => q.uri === uri('/ws/team.glossary.yaml'))).toBe(true);
    expect(served(p, 'Knock-In Put')).toEqual({ definition: 'team put', file: '/ws/team.glossary.yaml' });
    expect(p.glossaryTexts().get(uri('/ws/team.glossary.yaml'))).toContain('unclosed');
    expect(changes).toEqual([{ kind: 'glossary' }]);
  });

  it('an open document wins over the disk, while typing and at reload, until it is closed', async () => {
    const fs = new InMemoryFileSystem(files);
    const { project: p } = project(fs);
    await p.reload();
    p.setOpenDocument(uri('/ws/team.glossary.yaml'), glossary(['Knock-In Put', 'typed']));
    expect(await p.applyOpenDocument(uri('/ws/team.glossary.yaml'))).toBe(true);
    expect(served(p, 'Knock-In Put')?.definition).toBe('typed');
    await p.reload();
    expect(served(p, 'Knock-In Put')?.definition).toBe('typed');
    // A new glossary file inside the workspace is served as a workspace file before it is saved.
    p.setOpenDocument(uri('/ws/new.glossary.yaml'), glossary(['Bilby Term', 'new']));
    expect(await p.applyOpenDocument(uri('/ws/new.glossary.yaml'))).toBe(true);
    expect(served(p, 'Bilby Term')?.definition).toBe('new');
    p.closeDocument(uri('/ws/team.glossary.yaml'));
    await p.reload();
    expect(served(p, 'Knock-In Put')?.definition).toBe('team put');
  });
});

describe('trust: Restricted Mode compares real paths', () => {
  /** A workspace whose only routes to the outside are symlinks, and a config above it. */
  const tree = () =>
    new InMemoryFileSystem({
      '/ws/inside.glossary.yaml': glossary(['Quokka Term', 'inside']),
      '/outside/file.yaml': glossary(['Wombat Term', 'outside file']),
      '/outside/dir/p.yaml': glossary(['Numbat Term', 'outside path']),
      '/outside/cfg.yaml': 'knownAcronyms: [LINKED]\n',
      '/termlens.config.yaml': 'knownAcronyms: [PARENT]\n',
    })
      .symlink('/outside/file.yaml', '/ws/evil.glossary.yaml')
      .symlink('/outside/dir', '/ws/linked')
      .symlink('/outside/cfg.yaml', '/ws/sub/termlens.config.yaml');
  const explicitSettings = () => ({ glossaryFiles: ['linked/p.yaml', 'linked/*.yaml'] });
  const terms = (p: Project) =>
    p.store
      .snapshot()
      .concepts.map((c) => preferredTerm(c))
      .sort();

  it('untrusted: no glossary, open document or config whose real path is outside; all once trusted', async () => {
    const fs = tree();
    const { project: p, logs } = project(fs, { trusted: false, explicitSettings });
    await p.reload();
    expect(terms(p)).toEqual(['Quokka Term']);
    expect(logs.some((l) => l.includes('evil.glossary.yaml') && l.includes('not trusted'))).toBe(true);
    expect(await p.mayRead('/ws/evil.glossary.yaml')).toBe(false);
    expect(await p.mayRead('/ws/inside.glossary.yaml')).toBe(true);
    p.setOpenDocument(uri('/ws/evil.glossary.yaml'), glossary(['Wombat Term', 'typed']));
    expect(await p.applyOpenDocument(uri('/ws/evil.glossary.yaml'))).toBe(false);
    expect((await p.config('/ws/a.md')).path).toBeUndefined();
    expect((await p.config('/ws/sub/a.md')).path).toBeUndefined();

    p.setTrusted(true);
    await p.reload();
    expect(terms(p)).toEqual(['Numbat Term', 'Quokka Term', 'Wombat Term']);
    expect(await p.applyOpenDocument(uri('/ws/evil.glossary.yaml'))).toBe(true);
    expect((await p.config('/ws/a.md')).path).toBe('/termlens.config.yaml');
  });

  it('a workspace reached through a symlink keeps its own files', async () => {
    const fs = tree().symlink('/ws', '/ws-link');
    const { project: p } = project(fs, { folders: ['/ws-link'], trusted: false, explicitSettings });
    await p.reload();
    expect(terms(p)).toEqual(['Quokka Term']);
  });
});

describe('the CLI and the server get the same project', () => {
  const files = {
    '/app/bundled.glossary.yaml': glossary(['Heston Model', 'bundled'], ['Vega', 'bundled vega']),
    '/proj/termlens.config.yaml':
      'rules:\n  term.misspelled: error\nknownAcronyms: [OTC]\nglossaryFiles: [shared/*.yaml]\nignore: [legacy/**]\noverrides:\n  - files: ["src/**"]\n    rules:\n      term.misspelled: warning\n',
    '/proj/glossary/team.glossary.yaml': glossary(['Heston Model', 'team'], ['Knock-In Put', 'team put']),
    '/proj/shared/desk.yaml': glossary(['Barrier Shift', 'desk']),
    '/proj/node_modules/x/dep.glossary.yaml': glossary(['Hidden Term', 'never']),
  };
  const explicit = { diagnostics: { severity: { 'term.variant': 'error' } } };
  const probes = ['/proj/notes/a.md', '/proj/src/b.ts', '/proj/legacy/c.md'];

  /** The project as the server drives it: folders and trust at initialize, settings per document URI. */
  async function asServer(fs: InMemoryFileSystem) {
    const p = createProject({ fs, bundled: '/app/bundled.glossary.yaml', cwd: '/', explicitSettings: () => explicit });
    p.setTrusted(true);
    p.setFolders(['/proj']);
    await p.reload();
    const settings = await Promise.all(probes.map((f) => p.settings({ scope: uri(f), file: f, at: f })));
    const ignored = await Promise.all(probes.map((f, i) => p.isIgnored(f, settings[i]!)));
    return { p, settings, ignored };
  }

  /** The project as `termlens lint` drives it, in /proj, with the same settings as flags. */
  async function asCli(fs: InMemoryFileSystem) {
    const io = { cwd: '/proj', bundledGlossaryPath: '/app/bundled.glossary.yaml', fileSystem: fs, readFile: (f: string) => fs.readFile(f) };
    const cli = await loadProject(io, { explicit });
    const inputs = await loadGlossaryLayers(io, cli);
    // The CLI reads the layers without parsing them into the model, and builds its service from them.
    const service = buildService(dictionary, inputs);
    const settings = await Promise.all(probes.map((f) => cli.model.settings({ file: f, at: f })));
    const ignored = await Promise.all(probes.map((f, i) => cli.model.isIgnored(f, settings[i]!)));
    return { p: cli.model, store: service.store, service, inputs, settings, ignored };
  }

  const glossaryOf = (p: Pick<Project, 'store'>) => ({
    files: p.store.snapshot().files.map((f) => ({ ...f, uri: URI.parse(f.uri).fsPath })),
    concepts: p.store.snapshot().concepts.map((c) => [preferredTerm(c), c.senses[0]?.text, c.origin && URI.parse(c.origin.uri).fsPath]),
    problems: p.store.snapshot().problems.length,
  });

  it('the same glossary layers, settings and ignored files', async () => {
    const fs = new InMemoryFileSystem(files);
    const server = await asServer(fs);
    const cli = await asCli(fs);
    expect(glossaryOf(cli)).toEqual(glossaryOf(server.p));
    expect(cli.p.store.snapshot().files).toEqual([]);
    expect(cli.settings).toEqual(server.settings);
    expect(cli.ignored).toEqual(server.ignored);
    // Not a vacuous comparison: every layer, the config, its override and its ignore globs show.
    expect(glossaryOf(server.p).files.map((f) => f.layer)).toEqual(['bundled', 'workspace', 'settings']);
    expect(glossaryOf(server.p).concepts).toContainEqual(['Heston Model', 'team', '/proj/glossary/team.glossary.yaml']);
    expect(server.settings.map((s) => s.severities['term.misspelled'])).toEqual(['error', 'warning', 'error']);
    expect(server.settings[0]!.severities['term.variant']).toBe('error');
    expect(server.ignored).toEqual([false, false, true]);
    expect(cli.inputs.map((g) => g.layer)).toEqual(['bundled', 'workspace', 'settings']);
  });

  it('two folders with their own glossaries: each file is linted with its own, on the server, the CLI and its workers alike', async () => {
    const fs = new InMemoryFileSystem({
      ...files,
      '/proj/rates/rates.glossary.yaml': 'concepts:\n  - term: Zorblax Basis Exchange\n    abbreviations: [ZBX]\n',
      '/proj/fx/glossary/fx.glossary.yaml': 'concepts:\n  - term: Zorblax FX Swap\n    deprecated: [{ form: ZBX, reason: Write it out. }]\n',
    });
    const notes = ['/proj/rates/a.md', '/proj/fx/b.md', '/proj/notes/c.md'];
    const text = 'We booked a ZBX and a Zorblax Basis Exchnage with the Hesten Model.\n';
    const lintAll = async (p: Project, service: TermService) =>
      Promise.all(
        notes.map(async (f) =>
          lintText(service, text, 'markdown', await p.settings({ scope: uri(f), file: f, at: f }), f).map(
            (d) => `${d.code}:${text.slice(d.data.start, d.data.end)}`,
          ),
        ),
      );
    const server = await asServer(fs);
    const cli = await asCli(fs);
    const fromServer = await lintAll(server.p, createTermService({ dictionary, store: server.p.store }));
    expect(fromServer).toEqual([
      ['term.misspelled:Zorblax Basis Exchnage', 'term.misspelled:Hesten Model'],
      ['term.deprecated:ZBX', 'term.misspelled:Hesten Model'],
      ['acronym.undefined:ZBX', 'term.misspelled:Hesten Model'],
    ]);
    expect(await lintAll(cli.p, cli.service)).toEqual(fromServer);
    // A worker builds its service from the glossary texts and places the main thread sends.
    expect(await lintAll(cli.p, buildService(dictionary, structuredClone(cli.inputs)))).toEqual(fromServer);
    expect(glossaryOf(cli)).toEqual(glossaryOf(server.p));
  });

  it('the CLI stops at a broken config where the server keeps serving the last good one', async () => {
    const fs = new InMemoryFileSystem(files);
    const server = await asServer(fs);
    fs.writeFile('/proj/termlens.config.yaml', 'rules: [\n');
    await expect(asCli(fs)).rejects.toThrow(/termlens\.config\.yaml:\d+:\d+: /);
    server.p.fileChanged(uri('/proj/termlens.config.yaml'), false);
    const state = await server.p.config('/proj/notes/a.md');
    expect(state.problems.length).toBeGreaterThan(0);
    expect(state.config?.settings.knownAcronyms).toEqual(['OTC']);
  });
});
