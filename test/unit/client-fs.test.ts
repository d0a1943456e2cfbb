/**
 * The web build's file system, both halves in one process: the server's adapter
 * (server/src/lsp/clientFs.ts) sends its `termlens/fs/*` requests straight to the browser client's
 * answers (client/src/browser/workspaceFs.ts, with the URI mapping of client/src/browser/uris.ts),
 * which read an in-memory tree as if it were `vscode.workspace.fs` on a virtual file system
 * (`vscode-vfs://github/acme/notes`). Globs are checked against the in-memory file system of the
 * project tests (the disk's semantics), with a client that answers every file below the folder
 * asked about, so that what comes back is the server's own filtering.
 */

import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { URI } from 'vscode-uri';
import { createUriMapper } from '../../client/src/browser/uris';
import { FILE_TYPE, fsRequestHandlers, type EditorFileSystem } from '../../client/src/browser/workspaceFs';
import { preferredTerm } from '../../server/src/core/glossary/model';
import { createClientFileSystem, listFilesThrough, withFiles, type FsRequester } from '../../server/src/lsp/clientFs';
import { InMemoryFileSystem } from '../../server/src/project/memoryFs';
import { createProject } from '../../server/src/project/workspace';
import { extensionPathPrefix, fsGlobRequest, fsReadFileRequest, fsStatRequest } from '../../server/src/protocolExtensions';

const posix = path.posix;
const FOLDER = 'vscode-vfs://github/acme/notes';
const EXTENSION = 'https://extensions.invalid/termlens/0.1.0';

/** `vscode.workspace.fs` over an in-memory tree: URIs of the virtual file system, paths as their path. */
function editorOver(tree: InMemoryFileSystem, calls: string[] = []): EditorFileSystem {
  const pathOf = (uri: string): string => {
    const u = URI.parse(uri);
    if (`${u.scheme}://${u.authority}` !== FOLDER.slice(0, FOLDER.indexOf('/acme'))) throw new Error(`not this file system: ${uri}`);
    return u.path;
  };
  const isLink = async (p: string): Promise<boolean> =>
    p !== '/' && (await tree.realpath(p)) !== posix.join(await tree.realpath(posix.dirname(p)), posix.basename(p));
  return {
    async readFile(uri) {
      calls.push(`readFile ${uri}`);
      const text = await tree.readFile(pathOf(uri));
      if (text === undefined) throw new Error(`FileNotFound: ${uri}`);
      return new TextEncoder().encode(text);
    },
    async stat(uri) {
      calls.push(`stat ${uri}`);
      const p = pathOf(uri);
      const info = await tree.stat(p);
      if (!info) throw new Error(`FileNotFound: ${uri}`);
      const type = (info.isFile ? FILE_TYPE.file : info.isDirectory ? FILE_TYPE.directory : 0) | ((await isLink(p)) ? FILE_TYPE.symbolicLink : 0);
      return { type, size: info.size };
    },
    // Every file below `base`, whatever the pattern: a client may find too much, never too little.
    async findFiles(base) {
      calls.push(`findFiles ${base}`);
      const found = await tree.glob('**/*', { cwd: pathOf(base), dot: true });
      return found.map((p) => URI.from({ scheme: 'vscode-vfs', authority: 'github', path: p }).toString());
    },
  };
}

/** The server's adapter wired to the client's answers, as the worker and the extension are over postMessage. */
function clientFs(tree: InMemoryFileSystem, calls: string[] = []) {
  const handlers = fsRequestHandlers(editorOver(tree, calls), createUriMapper(FOLDER, EXTENSION));
  const requester: FsRequester = {
    async sendRequest<R>(method: string, params: unknown): Promise<R> {
      if (method === fsReadFileRequest) return (await handlers.readFile(params as never)) as R;
      if (method === fsStatRequest) return (await handlers.stat(params as never)) as R;
      if (method === fsGlobRequest) return (await handlers.glob(params as never)) as R;
      throw new Error(`unknown request ${method}`);
    },
  };
  return createClientFileSystem(requester);
}

const tree = () =>
  new InMemoryFileSystem({
    '/acme/notes/README.md': '# Notes\n',
    '/acme/notes/desk.glossary.yaml': 'concepts:\n  - term: Quanto Barrier Note\n    definitions: [A note paid in another currency.]\n',
    '/acme/notes/docs/terms/rates.glossary.json': '{"concepts":[]}',
    '/acme/notes/docs/terms/fx.glossary.yml': 'concepts: []\n',
    '/acme/notes/docs/café.md': '\uFEFFCafé — ünïcode\n',
    '/acme/notes/.hidden/secret.glossary.yaml': 'concepts: []\n',
    '/acme/notes/node_modules/pkg/vendor.glossary.yaml': 'concepts: []\n',
    '/acme/notes/src/model.py': '# Heston Model\n',
    '/acme/notes/src/image.png': 'binary',
    '/outside/elsewhere.glossary.yaml': 'concepts: []\n',
  })
    .symlink('/outside/elsewhere.glossary.yaml', '/acme/notes/linked.glossary.yaml')
    .symlink('/outside', '/acme/notes/linked-folder');

describe('the client file system (server adapter + browser client answers)', () => {
  it('reads files as UTF-8, byte order mark kept as on the disk, and nothing for folders or missing files', async () => {
    const fs = clientFs(tree());
    expect(await fs.readFile('/acme/notes/docs/café.md')).toBe('\uFEFFCafé — ünïcode\n');
    expect(await fs.readFile('/acme/notes/docs/../README.md')).toBe('# Notes\n');
    expect(await fs.readFile('/acme/notes/docs')).toBeUndefined();
    expect(await fs.readFile('/acme/notes/missing.md')).toBeUndefined();
  });

  it('stats files (size in bytes), folders and missing paths', async () => {
    const fs = clientFs(tree());
    const text = '\uFEFFCafé — ünïcode\n';
    expect(await fs.stat('/acme/notes/docs/café.md')).toEqual({ isFile: true, isDirectory: false, size: new TextEncoder().encode(text).length });
    expect(await fs.stat('/acme/notes/docs')).toEqual({ isFile: false, isDirectory: true, size: 0 });
    expect(await fs.stat('/acme/notes/nope')).toBeUndefined();
  });

  it('realpath normalises a path, rejects a missing one, and rejects a link or a path through one (never followed out)', async () => {
    const fs = clientFs(tree());
    expect(await fs.realpath('/acme/notes/docs/../desk.glossary.yaml')).toBe('/acme/notes/desk.glossary.yaml');
    await expect(fs.realpath('/acme/notes/missing.yaml')).rejects.toThrow(/ENOENT/);
    await expect(fs.realpath('/acme/notes/linked.glossary.yaml')).rejects.toThrow(/symbolic link/);
    await expect(fs.realpath('/acme/notes/linked-folder/elsewhere.glossary.yaml')).rejects.toThrow(/linked-folder/);
  });

  it('globs as the disk does (the in-memory file system), from what the client over-answers', async () => {
    const cases: [pattern: string, options: Parameters<InMemoryFileSystem['glob']>[1]][] = [
      ['**/*.glossary.{yaml,yml,json}', { cwd: '/acme/notes', ignore: ['**/node_modules/**', '**/.git/**'], dot: false }],
      ['**/*.glossary.{yaml,yml,json}', { cwd: '/acme/notes', dot: true }],
      ['/acme/notes/docs/terms/*.glossary.*', {}],
      ['docs/terms/fx.glossary.yml', { cwd: '/acme/notes' }],
      ['docs/terms/none.glossary.yml', { cwd: '/acme/notes' }],
      ['src/*.py', { cwd: '/acme/notes', ignore: ['src/**'] }],
    ];
    for (const [pattern, options] of cases) {
      const expected = (await tree().glob(pattern, options)).sort();
      expect((await clientFs(tree()).glob(pattern, options)).sort(), `${pattern} ${JSON.stringify(options)}`).toEqual(expected);
    }
    // The cases are not all empty: the first finds the workspace's glossaries, links followed, hidden and vendored ones left out.
    expect((await clientFs(tree()).glob(cases[0]![0], cases[0]![1])).sort()).toEqual([
      '/acme/notes/desk.glossary.yaml',
      '/acme/notes/docs/terms/fx.glossary.yml',
      '/acme/notes/docs/terms/rates.glossary.json',
      '/acme/notes/linked-folder/elsewhere.glossary.yaml',
      '/acme/notes/linked.glossary.yaml',
    ]);
  });

  it('asks the client from the static folder of a pattern, with the editor URIs of the virtual file system', async () => {
    const calls: string[] = [];
    await clientFs(tree(), calls).glob('/acme/notes/docs/terms/*.yml');
    expect(calls).toEqual(['findFiles vscode-vfs://github/acme/notes/docs/terms']);
  });

  it('answers nothing, without throwing, when the client fails or answers nonsense', async () => {
    const failing = createClientFileSystem({ sendRequest: () => Promise.reject(new Error('the client went away')) });
    expect(await failing.readFile('/acme/notes/README.md')).toBeUndefined();
    expect(await failing.stat('/acme/notes/README.md')).toBeUndefined();
    expect(await failing.glob('**/*.md', { cwd: '/acme/notes' })).toEqual([]);
    await expect(failing.realpath('/acme/notes/README.md')).rejects.toThrow();
    const nonsense = createClientFileSystem({ sendRequest: async <R>() => ({ paths: [42, 'relative.md', '/acme/notes/a.md'], type: 7 }) as R });
    expect(await nonsense.readFile('/acme/notes/a.md')).toBeUndefined();
    expect(await nonsense.stat('/acme/notes/a.md')).toBeUndefined();
    expect(await nonsense.glob('**/*.md', { cwd: '/acme/notes' })).toEqual(['/acme/notes/a.md']);
  });

  it('lists the files references search: supported extensions only, node_modules and hidden folders left out', async () => {
    const files = await listFilesThrough(clientFs(tree()), '/acme/notes');
    expect(files).toEqual([
      { path: '/acme/notes/README.md', languageId: 'markdown' },
      { path: '/acme/notes/docs/café.md', languageId: 'markdown' },
      { path: '/acme/notes/src/model.py', languageId: 'python' },
    ]);
  });

  it('serves the bundled files laid over it, and the rest from the client', async () => {
    const bundled = `${extensionPathPrefix}/glossary/bundled.glossary.json`;
    const fs = withFiles(clientFs(tree()), { [bundled]: '{"concepts":[]}' });
    expect(await fs.readFile(bundled)).toBe('{"concepts":[]}');
    expect(await fs.stat(bundled)).toEqual({ isFile: true, isDirectory: false, size: 15 });
    expect(await fs.realpath(bundled)).toBe(bundled);
    expect(await fs.readFile('/acme/notes/README.md')).toBe('# Notes\n');
  });

  it('feeds the project model: the workspace glossary is found and served; in Restricted Mode the linked one is not', async () => {
    for (const trusted of [true, false]) {
      const project = createProject({ fs: clientFs(tree()), folders: ['/acme/notes'], trusted });
      await project.reload();
      const files = project.store
        .snapshot()
        .files.map((f) => URI.parse(f.uri).path)
        .sort();
      expect(files, `trusted: ${trusted}`).toEqual(
        [
          '/acme/notes/desk.glossary.yaml',
          '/acme/notes/docs/terms/fx.glossary.yml',
          '/acme/notes/docs/terms/rates.glossary.json',
          ...(trusted ? ['/acme/notes/linked-folder/elsewhere.glossary.yaml', '/acme/notes/linked.glossary.yaml'] : []),
        ].sort(),
      );
      expect(project.store.snapshot().concepts.map((c) => preferredTerm(c))).toContain('Quanto Barrier Note');
    }
  });
});

describe('the URI mapping of the browser client', () => {
  const uris = createUriMapper(FOLDER, EXTENSION);

  it('maps the workspace file system to file: paths and back', () => {
    expect(uris.toProtocol(`${FOLDER}/notes/a%20b.md`)).toBe('file:///acme/notes/notes/a%20b.md');
    expect(uris.toCode('file:///acme/notes/notes/a%20b.md')).toBe(`${FOLDER}/notes/a%20b.md`);
    expect(uris.codeToPath(`${FOLDER}/x.md`)).toBe('/acme/notes/x.md');
    expect(uris.pathToCode('/acme/notes/x.md')).toBe(`${FOLDER}/x.md`);
  });

  it('maps the extension folder to its own prefix, without .. escaping it', () => {
    expect(uris.toProtocol(`${EXTENSION}/glossary/bundled.glossary.json`)).toBe(`file://${extensionPathPrefix}/glossary/bundled.glossary.json`);
    expect(uris.pathToCode(`${extensionPathPrefix}/glossary/bundled.glossary.json`)).toBe(`${EXTENSION}/glossary/bundled.glossary.json`);
    expect(uris.pathToCode(`${extensionPathPrefix}/../../secret`)).toBe(`${EXTENSION}/secret`);
  });

  it('passes other schemes through, and maps nothing for a workspace on the disk', () => {
    for (const uri of ['untitled:Untitled-1', 'vscode-notebook-cell://github/acme/notes/a.ipynb#W0sZmlsZQ%3D%3D', 'https://example.com/x']) {
      expect(uris.toProtocol(uri)).toBe(uri);
      expect(uris.toCode(uri)).toBe(uri);
    }
    expect(uris.codeToPath('vscode-vfs://gitlab/acme/notes/x.md')).toBeUndefined();
    const onDisk = createUriMapper('file:///home/me/notes', EXTENSION);
    expect(onDisk.toProtocol('file:///home/me/notes/a.md')).toBe('file:///home/me/notes/a.md');
    expect(onDisk.toCode('file:///home/me/notes/a.md')).toBe('file:///home/me/notes/a.md');
  });
});
