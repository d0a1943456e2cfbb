/**
 * The extension as the galleries get it: `npm run package` in a copy of the repository (a fresh
 * clone with its dependencies installed) must make termlens.vsix without a warning, holding the
 * icon, the licence, the changelog and the walkthrough, with a manifest that the VS Code
 * Marketplace and Open VSX accept.
 *
 * Open VSX: `ovsx` has no offline check of a package (its commands publish, verify a personal
 * access token or a signature against the registry, or download), so the checks Open VSX's server
 * makes of a manifest on publishing (`ExtensionValidator.validateMetadata`, the licence and the
 * icon format) are made here on the packaged package.json.
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import yauzl from 'yauzl';
import { copyRepository, repositoryRoot } from './repo-copy';

/** The entries of a zip file, by path. */
function readZip(file: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error ?? new Error(`cannot open ${file}`));
      const entries = new Map<string, Buffer>();
      zip.on('error', reject);
      zip.on('end', () => resolve(entries));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError ?? new Error(`cannot read ${entry.fileName}`));
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('error', reject);
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).toString('hex'), 'a PNG signature').toBe('89504e470d0a1a0a');
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

interface Walkthrough {
  id: string;
  title: string;
  description: string;
  steps: { id: string; title: string; description: string; media: { markdown?: string; image?: string; altText?: string }; completionEvents?: string[] }[];
}

interface Manifest {
  name: string;
  publisher: string;
  version: string;
  displayName: string;
  description: string;
  license: string;
  icon: string;
  categories: string[];
  keywords: string[];
  galleryBanner: { color: string; theme: string };
  repository: { type: string; url: string };
  homepage: string;
  bugs: { url: string };
  contributes: { walkthroughs: Walkthrough[]; commands: { command: string }[]; configuration: { properties: Record<string, unknown> } };
}

const temps: string[] = [];
let run: { status: number | null; output: string; seconds: number };
let vsix: Map<string, Buffer>;
let manifest: Manifest;
let packaged: Manifest;

beforeAll(async () => {
  const dir = copyRepository(mkdtempSync(path.join(tmpdir(), 'termlens-package-')), { linkNodeModules: true });
  temps.push(dir);
  const started = Date.now();
  // No stdin: a vsce question ("Do you want to continue? [y/N]", asked after some warnings) fails the run.
  const result = spawnSync('npm', ['run', 'package'], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    timeout: 280_000,
  });
  run = { status: result.status, output: `${result.stdout}\n${result.stderr}`, seconds: (Date.now() - started) / 1000 };
  manifest = JSON.parse(readFileSync(path.join(repositoryRoot, 'package.json'), 'utf8')) as Manifest;
  if (run.status !== 0) return;
  vsix = await readZip(path.join(dir, 'termlens.vsix'));
  packaged = JSON.parse(vsix.get('extension/package.json')!.toString('utf8')) as Manifest;
}, 300_000);

afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('npm run package', () => {
  test('makes termlens.vsix with no warning', () => {
    expect(run.status, run.output).toBe(0);
    const warnings = run.output.split('\n').filter((line) => /\b(warn|warning|error)\b/i.test(line));
    expect(warnings, `npm run package (${run.seconds.toFixed(0)} s) printed warnings`).toEqual([]);
    expect(run.output).toMatch(/DONE\s+Packaged: termlens\.vsix/);
  });

  test('holds the icon, the licence, the changelog, the walkthrough and the bundles, and nothing of the sources', () => {
    const files = [...vsix.keys()].sort();
    for (const file of [
      'extension/media/icon.png',
      'extension/LICENSE.txt',
      'extension/changelog.md',
      'extension/readme.md',
      'extension/media/walkthrough/hover.md',
      'extension/media/walkthrough/glossary.md',
      'extension/media/walkthrough/ci.md',
      'extension/dist/client.js',
      'extension/dist/server.js',
      'extension/dist/words.txt',
      // The web build: package.json's `browser` entry and the worker it starts.
      'extension/dist/browser/client.js',
      'extension/dist/browser/server.js',
      'extension/glossary/bundled.glossary.json',
    ]) {
      expect(files, `${file} is not in termlens.vsix`).toContain(file);
    }
    expect(vsix.get('extension/LICENSE.txt')!.toString('utf8')).toBe(readFileSync(path.join(repositoryRoot, 'LICENSE'), 'utf8'));
    expect(vsix.get('extension/changelog.md')!.toString('utf8')).toBe(readFileSync(path.join(repositoryRoot, 'CHANGELOG.md'), 'utf8'));
    const unwanted = files.filter((file) => /\.map$|\.ts$|\.svg$|^extension\/(test|server|client|scripts|node_modules|bench)\//.test(file));
    expect(unwanted, 'source maps, sources, tests or the icon source are packaged').toEqual([]);
  });

  test('the vsixmanifest names the icon, licence, changelog, gallery banner and links', () => {
    const xml = vsix.get('extension.vsixmanifest')!.toString('utf8');
    expect(xml).toContain('<Icon>extension/media/icon.png</Icon>');
    expect(xml).toContain('Type="Microsoft.VisualStudio.Services.Icons.Default" Path="extension/media/icon.png"');
    expect(xml).toContain('Type="Microsoft.VisualStudio.Services.Content.License" Path="extension/LICENSE.txt"');
    expect(xml).toContain('Type="Microsoft.VisualStudio.Services.Content.Changelog" Path="extension/changelog.md"');
    expect(xml).toContain(`<Property Id="Microsoft.VisualStudio.Services.Branding.Color" Value="${manifest.galleryBanner.color}" />`);
    expect(xml).toContain(`<Property Id="Microsoft.VisualStudio.Services.Branding.Theme" Value="${manifest.galleryBanner.theme}" />`);
    expect(xml).toContain(`<Property Id="Microsoft.VisualStudio.Services.Links.Support" Value="${manifest.bugs.url}" />`);
    expect(xml).toContain(`<Property Id="Microsoft.VisualStudio.Services.Links.Learn" Value="${manifest.homepage}" />`);
  });

  test('the icon is a square PNG of at least 128 × 128, rendered from media/icon.svg as committed', () => {
    const { width, height } = pngSize(vsix.get('extension/media/icon.png')!);
    expect(width).toBeGreaterThanOrEqual(128);
    expect(height).toBe(width);
    const check = spawnSync(process.execPath, [path.join(repositoryRoot, 'scripts', 'icon.mjs'), '--check'], { cwd: repositoryRoot, encoding: 'utf8' });
    expect(check.status, check.stderr).toBe(0);
  });

  test('the walkthrough "Get started with termlens": hover a term, add a glossary file, lint in CI', () => {
    const [walkthrough, ...others] = packaged.contributes.walkthroughs;
    expect(others).toEqual([]);
    expect(walkthrough!.title).toBe('Get started with termlens');
    expect(walkthrough!.steps.map((s) => s.title)).toEqual(['Hover a term', 'Add your own glossary file', 'Lint in CI']);
    const ownCommands = new Set(packaged.contributes.commands.map((c) => c.command));
    const settings = new Set(Object.keys(packaged.contributes.configuration.properties));
    // Built-in commands a step may run: opening a new Markdown note.
    const builtIn = new Set(['workbench.action.files.newUntitledFile']);
    const known = (command: string): boolean => ownCommands.has(command) || builtIn.has(command);
    for (const step of walkthrough!.steps) {
      const markdown = step.media.markdown;
      expect(markdown, `step ${step.id}: its media is a Markdown file under media/walkthrough/`).toMatch(/^media\/walkthrough\/[a-z-]+\.md$/);
      const text = vsix.get(`extension/${markdown}`)?.toString('utf8');
      expect(text, `step ${step.id}: ${markdown} is not in termlens.vsix`).toBeDefined();
      // Every image the step shows is packaged (paths are relative to the Markdown file).
      for (const [, target] of text!.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)) {
        const image = path.posix.join('extension', path.posix.dirname(markdown!), target!);
        expect(vsix.has(image), `step ${step.id}: the image ${target} (${image}) is not in termlens.vsix`).toBe(true);
      }
      for (const [, command] of step.description.matchAll(/\]\(command:([\w.]+)/g)) {
        expect(known(command!), `step ${step.id}: its description runs ${command}, which no one contributes`).toBe(true);
      }
      expect(step.completionEvents?.length, `step ${step.id}: give it completion events`).toBeGreaterThan(0);
      for (const event of step.completionEvents!) {
        const [kind, arg] = event.split(/:(.*)/s) as [string, string | undefined];
        if (kind === 'onCommand') expect(known(arg!), `step ${step.id}: ${event} names an unknown command`).toBe(true);
        else if (kind === 'onSettingChanged') expect(settings.has(arg!), `step ${step.id}: ${event} names an unknown setting`).toBe(true);
        else expect(event, `step ${step.id}: an unexpected completion event`).toBe('onStepSelected');
      }
    }
  });

  test('the links follow the placeholder policy: one https base for repository, homepage and bugs', () => {
    const base = packaged.repository.url.replace(/\.git$/, '');
    expect(new URL(base).protocol).toBe('https:');
    expect(packaged.homepage.startsWith(base), `homepage ${packaged.homepage} is not under ${base}`).toBe(true);
    expect(packaged.bugs.url.startsWith(base), `bugs ${packaged.bugs.url} is not under ${base}`).toBe(true);
    // Until termlens has a public home, the links use the reserved .invalid domain (RFC 2606), which can never resolve.
    const host = new URL(base).hostname;
    if (host.endsWith('.invalid')) expect(host).toBe('termlens.invalid');
  });

  test('the manifest passes the checks Open VSX makes on publishing', () => {
    expect(openVsxIssues(packaged, vsix)).toEqual([]);
    // The checks are not vacuous.
    expect(
      openVsxIssues(
        { ...packaged, version: '1.0', homepage: 'notaurl', galleryBanner: { color: '#12355b', theme: 'blue' }, icon: 'x.svg', license: '' },
        new Map(),
      ),
    ).toEqual([
      'Invalid semantic version: 1.0',
      'Invalid URL in field homepage: notaurl',
      'Invalid value in field galleryBanner.theme: blue',
      'This extension cannot be accepted as it uses an unsupported icon format: x.svg',
      'This extension cannot be accepted because it has no license',
    ]);
  });
});

/** Characters Open VSX refuses in metadata (Java's CONTROL, FORMAT, UNASSIGNED, PRIVATE_USE and the line and paragraph separators). */
const INVALID_CHARS = /[\p{Cc}\p{Cf}\p{Cn}\p{Co}\u2028\u2029]/u;

/** What Open VSX's server would refuse in a manifest (its ExtensionValidator and publishing checks), one line each. */
function openVsxIssues(m: Manifest, files: ReadonlyMap<string, Buffer>): string[] {
  const issues: string[] = [];
  const name = /^[\w\-+$~]+$/;
  if (!name.test(m.publisher) || m.publisher.length > 255) issues.push(`Invalid namespace name: ${m.publisher}`);
  if (!name.test(m.name) || m.name.length > 255) issues.push(`Invalid extension name: ${m.name}`);
  if (!/^\d+\.\d+\.\d+(?:-[0-9A-Za-z-.]+)?(?:\+[0-9A-Za-z-.]+)?$/.test(m.version)) issues.push(`Invalid semantic version: ${m.version}`);
  const text = (field: string, value: string | undefined, limit: number, allowZwj = false): void => {
    if (value === undefined) return;
    if (INVALID_CHARS.test(allowZwj ? value.replace(/\u200d/g, '') : value)) issues.push(`Invalid character found in field ${field}`);
    if (value.length > limit) issues.push(`The field ${field} exceeds the current limit of ${limit} characters`);
  };
  text('displayName', m.displayName, 255);
  text('description', m.description, 2048, true);
  for (const c of m.categories) text('categories', c, 255);
  for (const k of m.keywords) text('keywords', k, 255);
  text('license', m.license, 255);
  const url = (field: string, value: string | undefined): void => {
    if (!value) return;
    text(field, value, 255);
    try {
      const parsed = new URL(value.startsWith('git+') ? value.slice(4) : value);
      if (/^https?:$/.test(parsed.protocol) && parsed.hostname === '') issues.push(`Invalid URL in field ${field}: ${value}`);
    } catch {
      issues.push(`Invalid URL in field ${field}: ${value}`);
    }
  };
  url('homepage', m.homepage);
  url('repository', m.repository?.url);
  url('bugs', m.bugs?.url);
  text('galleryBanner.color', m.galleryBanner?.color, 16);
  if (m.galleryBanner?.theme && !['dark', 'light'].includes(m.galleryBanner.theme))
    issues.push(`Invalid value in field galleryBanner.theme: ${m.galleryBanner.theme}`);
  if (/\.svg$/i.test(m.icon ?? '')) issues.push(`This extension cannot be accepted as it uses an unsupported icon format: ${m.icon}`);
  else if (m.icon && !files.has(`extension/${m.icon}`)) issues.push(`The icon ${m.icon} is not in the package`);
  const licenseFile = [...files.keys()].some((file) => /^extension\/licen[cs]e(\.(md|txt))?$/i.test(file));
  if (!m.license && !licenseFile) issues.push('This extension cannot be accepted because it has no license');
  return issues;
}
