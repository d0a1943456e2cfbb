/**
 * Glossary contexts: workspace glossary files scoped to their folder and below, config overrides
 * giving glossary files to path globs, hovers naming each definition's context (and showing the
 * definitions of every context that applies, nearest first), completion and diagnostics using
 * only the glossaries that apply to the document, and conflicts only between files of one scope.
 * Over the in-memory file system, with the project model and the service as the server builds them.
 */

import { describe, expect, it } from 'vitest';
import { URI } from 'vscode-uri';
import { parseProjectConfig } from '../../server/src/config/projectConfig';
import { overlayGroups } from '../../server/src/core/glossary/layers';
import { parseGlossaryText } from '../../server/src/core/glossary/load';
import { preferredTerm, type Concept } from '../../server/src/core/glossary/model';
import { createTermService, type TermService } from '../../server/src/core/service';
import { InMemoryFileSystem } from '../../server/src/project/memoryFs';
import { createProject, type Project, type ProjectOptions } from '../../server/src/project/workspace';
import { cursor, dictionary } from './helpers';

const uri = (p: string) => URI.file(p).toString();

/** A glossary file: `[term, definition, extra YAML lines]` per concept. */
const glossary = (...entries: [term: string, definition: string, extra?: string][]) =>
  `concepts:\n${entries.map(([term, def, extra]) => `  - term: ${term}\n    definitions: [${JSON.stringify(def)}]\n${extra ? `    ${extra}\n` : ''}`).join('')}`;

/** The project of `files` in the folder /ws, loaded, and a service serving its store (as the server has them). */
async function workspace(files: Record<string, string>, options: Partial<ProjectOptions> = {}): Promise<{ project: Project; service: TermService }> {
  const project = createProject({ fs: new InMemoryFileSystem(files), folders: ['/ws'], ...options });
  await project.reload();
  return { project, service: createTermService({ dictionary, store: project.store }) };
}

/** The hover at the `|` of a note at `path`, as the reader sees it (escapes removed), or '' without one. */
function hover(service: TermService, path: string | undefined, textWithCursor: string): string {
  const { text, offset } = cursor(textWithCursor);
  const doc = service.parse(text, 'markdown', path === undefined ? {} : { path });
  return (service.hover(doc, offset)?.markdown ?? '').replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

/** The diagnostics of a note at `path`, as `code:covered text`. */
function lint(service: TermService, path: string, text: string): string[] {
  return service.diagnostics(service.parse(text, 'markdown', { path })).map((d) => `${d.code}:${text.slice(d.data.start, d.data.end)}`);
}

/** The labels completion offers at the end of `line` in a note at `path`. */
function complete(service: TermService, path: string, line: string): string[] {
  return service.completions(service.parse(line, 'markdown', { path }), line.length).items.map((i) => i.label);
}

const conflicts = (project: Project) => project.store.snapshot().problems.filter((p) => p.code === 'glossary.conflict');

describe('two folders with different glossaries for the same form', () => {
  const files = {
    '/ws/rates/rates.glossary.yaml': glossary(['Zorblax Basis Exchange', 'Rates desk: the swap of two floating legs.', 'abbreviations: [ZBX]']),
    '/ws/fx/fx.glossary.yaml': glossary([
      'Zorblax FX Swap',
      'FX desk: a spot and a forward in one ticket.',
      'deprecated: [{ form: ZBX, reason: Write the name out. }]',
    ]),
  };

  it("each folder's notes hover with their own definition, named by its folder", async () => {
    const { service } = await workspace(files);
    const rates = hover(service, '/ws/rates/note.md', 'We booked a Z|BX today.');
    const fx = hover(service, '/ws/fx/note.md', 'We booked a Z|BX today.');
    expect(rates).toContain('**Zorblax Basis Exchange** · *term* · *rates/ glossary*');
    expect(rates).toContain('Rates desk: the swap of two floating legs.');
    expect(rates).not.toContain('FX desk');
    expect(fx).toContain('**Zorblax FX Swap** · *term* · *fx/ glossary*');
    expect(fx).toContain('"ZBX" is deprecated: Write the name out.');
    expect(fx).not.toContain('Rates desk');
    // A note in neither folder has neither glossary.
    expect(hover(service, '/ws/notes/note.md', 'We booked a Z|BX today.')).toBe('');
    expect(hover(service, undefined, 'We booked a Z|BX today.')).toBe('');
  });

  it("each folder's notes lint and complete with their own glossary", async () => {
    const { service } = await workspace(files);
    expect(lint(service, '/ws/rates/note.md', 'We booked a ZBX and a Zorblax Basis Exchnage.\n')).toEqual(['term.misspelled:Zorblax Basis Exchnage']);
    expect(lint(service, '/ws/fx/note.md', 'We booked a ZBX and a Zorblax Basis Exchnage.\n')).toEqual(['term.deprecated:ZBX']);
    expect(complete(service, '/ws/rates/note.md', 'A Zorblax B')).toContain('Zorblax Basis Exchange');
    expect(complete(service, '/ws/fx/note.md', 'A Zorblax B')).not.toContain('Zorblax Basis Exchange');
    expect(complete(service, '/ws/fx/note.md', 'A Zorblax F')).toContain('Zorblax FX Swap');
  });

  it('is no conflict: sibling folders never apply together', async () => {
    const { project } = await workspace(files);
    expect(project.store.snapshot().problems).toEqual([]);
    // Both definitions are served (each in its own folder).
    expect(project.store.snapshot().concepts.map(preferredTerm).sort()).toEqual(['Zorblax Basis Exchange', 'Zorblax FX Swap']);
  });

  it('keeps one compiled glossary per context, shared by the notes of one folder', async () => {
    const { service } = await workspace(files);
    expect(service.glossary('/ws/rates/a.md')).toBe(service.glossary('/ws/rates/deep/b.md'));
    expect(service.glossary('/ws/rates/a.md')).not.toBe(service.glossary('/ws/fx/a.md'));
    expect(service.glossary('/ws/notes/a.md')).toBe(service.glossary());
  });
});

describe('nested folders: the nearest wins, and hover shows every context', () => {
  const files = {
    '/ws/team.glossary.yaml': glossary(
      ['Zorblax Spread', 'Team: the spread between two zorblax curves.', 'abbreviations: [ZS]'],
      ['Quokka Rate', 'Team quokka.'],
    ),
    '/ws/desk/desk.glossary.yaml': glossary(
      ['Zorblax Spread', 'Desk: the spread we quote to clients.'],
      ['Zorblax Swap', 'Desk: a swap of zorblax legs.', 'abbreviations: [ZS]'],
    ),
    '/ws/desk/emea/emea.glossary.yaml': glossary(['Zorblax Spread', 'EMEA: quoted in basis points.']),
  };

  it('hovers the nearest definition first, then the farther contexts', async () => {
    const { service } = await workspace(files);
    const deep = hover(service, '/ws/desk/emea/note.md', 'The Zorblax Spr|ead widened.');
    expect(deep).toMatch(/^\*\*Zorblax Spread\*\* · \*term\* · \*desk\/emea\/ glossary\*\n\nEMEA: quoted in basis points\./);
    const order = ['EMEA: quoted', 'Desk: the spread', 'Team: the spread'].map((t) => deep.indexOf(t));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(deep).toContain('**Zorblax Spread** · *desk/ glossary*');
    expect(deep).toContain('**Zorblax Spread** · *workspace glossary*');
  });

  it('an abbreviation a nearer concept claims means that concept there, and the farther one is shown after it', async () => {
    const { service, project } = await workspace(files);
    const desk = hover(service, '/ws/desk/note.md', 'Price the Z|S first.');
    expect(desk).toMatch(/^\*\*Zorblax Swap\*\* · \*term\* · \*desk\/ glossary\*/);
    expect(desk).toContain('**Zorblax Spread** · *workspace glossary*\n\nTeam: the spread between two zorblax curves.');
    const root = hover(service, '/ws/other/note.md', 'Price the Z|S first.');
    expect(root).toMatch(/^\*\*Zorblax Spread\*\* · \*term\*\n\nTeam: the spread/);
    expect(root).not.toContain('glossary*');
    // A shadowed form is not a conflict.
    expect(conflicts(project)).toEqual([]);
  });

  it('a term only a farther context defines is served as it is, named by its context', async () => {
    const { service } = await workspace(files);
    expect(hover(service, '/ws/desk/note.md', 'The Quokka R|ate.')).toMatch(/^\*\*Quokka Rate\*\* · \*term\*\n\nTeam quokka\.$/);
  });

  it('glossaryFilesFor lists the workspace files that apply, nearest last', async () => {
    const { project } = await workspace({ ...files, '/ws/desk/glossary/more.glossary.yaml': glossary(['Bilby Basis', 'desk']) });
    expect(project.glossaryFilesFor('/ws/desk/emea/note.md')).toEqual([
      '/ws/team.glossary.yaml',
      '/ws/desk/desk.glossary.yaml',
      '/ws/desk/glossary/more.glossary.yaml',
      '/ws/desk/emea/emea.glossary.yaml',
    ]);
    expect(project.glossaryFilesFor('/ws/notes/a.md')).toEqual(['/ws/team.glossary.yaml']);
    expect(project.glossaryFilesFor('/elsewhere/a.md')).toEqual(['/ws/team.glossary.yaml']);
  });

  it('a new glossary file typed in a folder, before it is saved, serves that folder only', async () => {
    const { project, service } = await workspace(files);
    project.setOpenDocument(uri('/ws/desk/emea/new.glossary.yaml'), glossary(['Bilby Basis', 'EMEA bilby.']));
    expect(await project.applyOpenDocument(uri('/ws/desk/emea/new.glossary.yaml'))).toBe(true);
    expect(hover(service, '/ws/desk/emea/a.md', 'A Bilby B|asis.')).toMatch(/^\*\*Bilby Basis\*\* · \*term\* · \*desk\/emea\/ glossary\*/);
    expect(hover(service, '/ws/desk/a.md', 'A Bilby B|asis.')).toBe('');
    expect(project.glossaryFilesFor('/ws/desk/emea/a.md').at(-1)).toBe('/ws/desk/emea/new.glossary.yaml');
  });

  it('a glossary/ folder serves the folder above it', async () => {
    const { service } = await workspace({
      '/ws/glossary/team.glossary.yaml': glossary(['Bilby Basis', 'Team bilby.']),
      '/ws/desk/glossary/desk.glossary.yaml': glossary(['Numbat Note', 'Desk numbat.']),
    });
    expect(service.store.placeOf(uri('/ws/glossary/team.glossary.yaml'))?.scope).toBeUndefined();
    expect(hover(service, '/ws/notes/a.md', 'A Bilby B|asis.')).toMatch(/^\*\*Bilby Basis\*\* · \*term\*\n/);
    expect(hover(service, '/ws/desk/a.md', 'A Numbat N|ote.')).toContain('*desk/ glossary*');
    expect(hover(service, '/ws/notes/a.md', 'A Numbat N|ote.')).toBe('');
  });
});

describe('conflicts only between files of one scope', () => {
  it('two files of one folder claiming one alias conflict; the same in a nested folder does not', async () => {
    const { project } = await workspace({
      '/ws/desk/a.glossary.yaml': glossary(['Zorblax Spread', 'a', 'aliases: [Zorb Spread]']),
      '/ws/desk/b.glossary.yaml': glossary(['Zorblax Swap', 'b', 'aliases: [Zorb Spread]']),
      '/ws/desk/emea/c.glossary.yaml': glossary(['Zorblax Strip', 'c', 'aliases: [Zorb Spread]']),
    });
    expect(conflicts(project).map((p) => [URI.parse(p.uri).fsPath, p.severity, p.message])).toEqual([
      [
        '/ws/desk/b.glossary.yaml',
        'error',
        'Alias "Zorb Spread" of "Zorblax Swap" is already an alias of "Zorblax Spread" (a.glossary.yaml:2); it is ignored here.',
      ],
    ]);
  });

  it('files that apply everywhere still conflict as before: the bundled glossary, root files and settings files', async () => {
    const { project, service } = await workspace(
      {
        '/app/bundled.glossary.yaml': glossary(['Zorblax Spread', 'bundled', 'abbreviations: [ZS]']),
        '/ws/team.glossary.yaml': glossary(['Zorblax Swap', 'team', 'abbreviations: [ZS]']),
        '/ws/desk/desk.glossary.yaml': glossary(['Zorblax Strip', 'desk', 'abbreviations: [ZS]']),
      },
      { bundled: '/app/bundled.glossary.yaml' },
    );
    expect(conflicts(project).map((p) => URI.parse(p.uri).fsPath)).toEqual(['/ws/team.glossary.yaml']);
    // The desk file's claim wins in desk/, without a conflict; elsewhere the bundled claim stands.
    expect(hover(service, '/ws/desk/a.md', 'The Z|S.')).toMatch(/^\*\*Zorblax Strip\*\*/);
    expect(hover(service, '/ws/a.md', 'The Z|S.')).toMatch(/^\*\*Zorblax Spread\*\*/);
  });
});

describe('precedence: bundled < workspace files, outermost to nearest < settings files', () => {
  it('a settings file wins over the nearest workspace file for its preferred terms and forms', async () => {
    const { service } = await workspace(
      {
        '/ws/desk/desk.glossary.yaml': glossary(['Zorblax Spread', 'desk', 'abbreviations: [ZS]']),
        '/shared/terms.yaml': glossary(['Zorblax Swap', 'shared', 'abbreviations: [ZS]'], ['Zorblax Spread', 'shared spread']),
      },
      { explicitSettings: () => ({ glossaryFiles: ['/shared/terms.yaml'] }) },
    );
    const zs = hover(service, '/ws/desk/a.md', 'The Z|S.');
    expect(zs).toMatch(/^\*\*Zorblax Swap\*\* · \*term\* · \*terms\.yaml\*\n\nshared/);
    expect(zs).toContain('**Zorblax Spread** · *desk/ glossary*');
    expect(hover(service, '/ws/desk/a.md', 'The Zorblax Spr|ead.')).toMatch(/^\*\*Zorblax Spread\*\* · \*term\* · \*terms\.yaml\*\n\nshared spread/);
  });
});

describe('config overrides give glossary files to path globs', () => {
  const files = {
    '/ws/termlens.config.yaml': 'overrides:\n  - files: ["reports/**"]\n    excludedFiles: ["reports/drafts/**"]\n    glossaryFiles: [terms/reports.yaml]\n',
    '/ws/terms/reports.yaml': glossary(['Quokka Ratio', 'Reports: the quarterly quokka ratio.', 'abbreviations: [QR]']),
    '/ws/team.glossary.yaml': glossary(['Quick Ratio', 'Team: liquid assets over current liabilities.', 'abbreviations: [QR]']),
  };

  it('serve the matching files only, winning over the glossaries that apply everywhere', async () => {
    const { service, project } = await workspace(files);
    const report = hover(service, '/ws/reports/q1.md', 'The Q|R rose.');
    expect(report).toMatch(/^\*\*Quokka Ratio\*\* · \*term\* · \*reports\.yaml\*/);
    expect(report).toContain('**Quick Ratio** · *workspace glossary*');
    expect(hover(service, '/ws/notes/a.md', 'The Q|R rose.')).toMatch(/^\*\*Quick Ratio\*\* · \*term\*\n/);
    expect(hover(service, '/ws/reports/drafts/a.md', 'The Q|R rose.')).toMatch(/^\*\*Quick Ratio\*\*/);
    expect(lint(service, '/ws/reports/q1.md', 'The Quokka Ratoi rose.\n')).toEqual(['term.misspelled:Quokka Ratoi']);
    expect(lint(service, '/ws/notes/a.md', 'The Quokka Ratoi rose.\n')).toEqual([]);
    expect(project.store.snapshot().files.map((f) => [URI.parse(f.uri).fsPath, f.layer, f.scope])).toEqual([
      ['/ws/team.glossary.yaml', 'workspace', undefined],
      ['/ws/terms/reports.yaml', 'settings', 'paths'],
    ]);
    expect(conflicts(project)).toEqual([]);
  });

  it('are validated by the config schema', () => {
    expect(parseProjectConfig(files['/ws/termlens.config.yaml'], '/ws/termlens.config.yaml').config?.overrides[0]?.glossaryFiles).toEqual([
      '/ws/terms/reports.yaml',
    ]);
    const bad = parseProjectConfig('overrides:\n  - files: ["a/**"]\n    glossaryFiles: terms.yaml\n', '/ws/termlens.config.yaml');
    expect(bad.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^overrides\[0\]\.glossaryFiles: /)]);
  });
});

describe('overlayGroups', () => {
  const group = (uri: string, yaml: string, rank: number) => {
    const { concepts } = parseGlossaryText(yaml, uri);
    return { concepts, ranks: concepts.map(() => rank) };
  };
  const show = (c: Concept) =>
    `${preferredTerm(c)} [${c.forms
      .slice(1)
      .map((f) => f.text)
      .join(', ')}]`;

  it('gives every form to the highest rank claiming it and lists the concepts that lost it, nearest first', () => {
    const outer = group(
      'file:///ws/a.glossary.yaml',
      'concepts:\n  - term: Value at Risk\n    abbreviations: [VaR]\n  - term: Vega\n    aliases: [Kappa]\n',
      0,
    );
    const middle = group('file:///ws/d/b.glossary.yaml', 'concepts:\n  - term: Variance at Risk\n    abbreviations: [VaR]\n', 1);
    const inner = group('file:///ws/d/e/c.glossary.yaml', 'concepts:\n  - term: Kappa Ratio\n    aliases: [Value at Risk]\n', 2);
    const overlaid = overlayGroups([inner, outer, middle]);
    // "Value at Risk" is claimed by a nearer concept: the outer concept is replaced altogether.
    expect(overlaid.concepts.map(show)).toEqual(['Vega [Kappa]', 'Variance at Risk [VaR]', 'Kappa Ratio [Value at Risk]']);
    expect(overlaid.ranks).toEqual([0, 1, 2]);
    const lost = (form: string) => (overlaid.shadowed.get(form) ?? []).map((s) => `${preferredTerm(s.concept)}@${s.rank}`);
    expect(lost('var')).toEqual(['Value at Risk@0']);
    expect(lost('value at risk')).toEqual(['Value at Risk@0']);
    expect(lost('kappa')).toEqual([]);
  });
});

describe('the fast path: no folder scoping, one context', () => {
  it('all workspace glossaries at the root give every document the same compiled glossary, named by no context', async () => {
    const { service } = await workspace({
      '/ws/a.glossary.yaml': glossary(['Zorblax Spread', 'a']),
      '/ws/glossary/b.glossary.yaml': glossary(['Zorblax Swap', 'b']),
    });
    expect(service.store.hasScopedFiles()).toBe(false);
    expect(service.glossary('/ws/x/y.md')).toBe(service.glossary('/ws/z.md'));
    expect(service.glossary('/ws/x/y.md')).toBe(service.glossary());
    expect(hover(service, '/ws/x/y.md', 'The Zorblax Sw|ap.')).toBe('**Zorblax Swap** · *term*\n\nb');
  });
});
