import { env, QuickInputButton, QuickPickItem, Selection, TextEditor, ThemeIcon, Uri, window } from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { searchGlossaryRequest, type SearchGlossaryItem, type SearchGlossaryParams, type SearchGlossaryResult } from '../../server/src/protocolExtensions';

/** Delay between the last keystroke and the search request, in milliseconds. */
const debounceMs = 60;

const openSourceButton: QuickInputButton = { iconPath: new ThemeIcon('link-external'), tooltip: 'Open source' };
const copyButton: QuickInputButton = { iconPath: new ThemeIcon('copy'), tooltip: 'Copy term' };

interface GlossaryPickItem extends QuickPickItem {
  readonly entry: SearchGlossaryItem;
}

/** Asks the server for the glossary entries matching `query` (fuzzy matching happens in the server). */
export async function searchGlossary(client: LanguageClient, query: string): Promise<readonly SearchGlossaryItem[]> {
  const params: SearchGlossaryParams = { query };
  const result = await client.sendRequest<SearchGlossaryResult>(searchGlossaryRequest, params);
  return result.items;
}

/**
 * The "termlens: Search Glossary" quick pick. Accepting an entry inserts its term at the selections of
 * the editor that was active when the command ran (replacing selected text); when there is no editor,
 * or a cursor sits inside a word (where an insertion would split it), the term is copied instead.
 * Item buttons copy the term or open its source.
 */
export function showSearchGlossary(client: LanguageClient): void {
  const editor = window.activeTextEditor;
  const pick = window.createQuickPick<GlossaryPickItem>();
  pick.title = 'termlens: Search Glossary';
  pick.placeholder = 'Type a term, an abbreviation or words from a definition';
  // The server ranks the entries; VS Code's own filtering would hide entries that match on something else.
  pick.matchOnDescription = false;
  pick.matchOnDetail = false;

  // Only the latest request may fill the list, whatever order the answers arrive in.
  let latest = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const search = (query: string): void => {
    const id = ++latest;
    pick.busy = true;
    searchGlossary(client, query).then(
      (entries) => {
        if (id !== latest) return;
        pick.items = entries.map(toPickItem);
        pick.busy = false;
      },
      (error: unknown) => {
        if (id !== latest) return;
        pick.busy = false;
        client.outputChannel.error(`Search Glossary failed: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
  };

  pick.onDidChangeValue((value) => {
    clearTimeout(timer);
    timer = setTimeout(() => search(value), debounceMs);
  });
  pick.onDidTriggerItemButton(({ item, button }) => {
    if (button === copyButton) void copyTerm(item.entry.term, 'copied');
    else openSource(item.entry.source);
  });
  pick.onDidAccept(() => {
    const chosen = pick.selectedItems[0];
    pick.hide();
    if (chosen) void insertTerm(editor, chosen.entry.term);
  });
  pick.onDidHide(() => {
    clearTimeout(timer);
    pick.dispose();
  });
  search('');
  pick.show();
}

function toPickItem(entry: SearchGlossaryItem): GlossaryPickItem {
  const description = [entry.kind, ...entry.abbreviations].filter((part) => part.length > 0).join(' · ');
  return {
    entry,
    label: entry.term,
    description,
    detail: entry.definition.replace(/\s+/g, ' ').trim(),
    alwaysShow: true,
    buttons: sourceUri(entry.source) ? [copyButton, openSourceButton] : [copyButton],
  };
}

/** The source as a URI if it is http(s); anything else (file:, command:, javascript:) is ignored. */
function sourceUri(source: string | undefined): Uri | undefined {
  if (!source) return undefined;
  try {
    const uri = Uri.parse(source, true);
    return uri.scheme === 'http' || uri.scheme === 'https' ? uri : undefined;
  } catch {
    return undefined;
  }
}

function openSource(source: string | undefined): void {
  const uri = sourceUri(source);
  if (uri) void env.openExternal(uri);
}

/** Whether an empty selection sits between two word characters, where inserting would split a word. */
function insideWord(editor: TextEditor, selection: Selection): boolean {
  if (!selection.isEmpty) return false;
  const line = editor.document.lineAt(selection.active.line).text;
  const at = selection.active.character;
  return /[\p{L}\p{N}_]/u.test(line.charAt(at - 1)) && /[\p{L}\p{N}_]/u.test(line.charAt(at));
}

async function insertTerm(editor: TextEditor | undefined, term: string): Promise<void> {
  if (!editor || editor.document.isClosed) return copyTerm(term, 'no open editor');
  if (editor.selections.some((selection) => insideWord(editor, selection))) return copyTerm(term, 'the cursor is inside a word');
  await editor.edit((edit) => {
    for (const selection of editor.selections) edit.replace(selection, term);
  });
}

async function copyTerm(term: string, why: string): Promise<void> {
  await env.clipboard.writeText(term);
  void window.showInformationMessage(`termlens: copied "${term}" to the clipboard (${why}).`);
}
