import { MarkdownString, StatusBarAlignment, StatusBarItem, ThemeColor, Uri, window, workspace } from 'vscode';
import type { GlossaryStatus } from '../../server/src/protocolExtensions';
import { count } from '../../server/src/shared/count';

/**
 * The status bar item: the number of terms served, or the number of glossary errors (warning background).
 * Clicking it runs `termlens.showOutput`.
 */
export class GlossaryStatusItem {
  private readonly item: StatusBarItem;

  constructor() {
    this.item = window.createStatusBarItem('termlens.status', StatusBarAlignment.Right, 100);
    this.item.name = 'termlens';
    this.item.command = 'termlens.showOutput';
    this.item.text = '$(sync~spin) termlens';
    this.item.tooltip = 'termlens: loading the glossary';
    this.item.show();
  }

  /** Shows a status the server sent. */
  show(status: GlossaryStatus): void {
    if (status.errorCount > 0) {
      this.item.text = `$(warning) termlens: ${count(status.errorCount, 'glossary error')}`;
      this.item.backgroundColor = new ThemeColor('statusBarItem.warningBackground');
    } else {
      this.item.text = `$(book) ${status.termCount} terms`;
      this.item.backgroundColor = undefined;
    }
    this.item.tooltip = tooltip(status);
  }

  /** Shows that the language server is not running. */
  showFailure(): void {
    this.item.text = '$(error) termlens';
    this.item.backgroundColor = new ThemeColor('statusBarItem.errorBackground');
    this.item.tooltip = 'termlens: the language server is not running — click for the output';
  }

  dispose(): void {
    this.item.dispose();
  }
}

/** The tooltip: counts, the error lines and the files, all escaped (glossary text is untrusted). */
function tooltip(status: GlossaryStatus): MarkdownString {
  const md = new MarkdownString('', false);
  md.isTrusted = false;
  md.appendMarkdown('**termlens** — ');
  md.appendText(`${count(status.conceptCount, 'concept')}, ${count(status.termCount, 'term')}`);
  if (status.errorSummaries.length > 0) {
    md.appendMarkdown('\n\n**Errors**\n');
    for (const summary of status.errorSummaries) {
      md.appendMarkdown('\n- ');
      md.appendText(summary);
    }
  }
  if (status.files.length > 0) {
    md.appendMarkdown('\n\n**Glossary files**\n');
    for (const file of status.files) {
      md.appendMarkdown('\n- ');
      md.appendText(
        `${file.layer === 'bundled' ? 'bundled glossary' : describeFile(file.uri)} (${count(file.concepts, 'concept')}${file.errors > 0 ? `, ${count(file.errors, 'error')}` : ''})`,
      );
    }
  }
  md.appendMarkdown('\n\nClick to show the output.');
  return md;
}

/** A file URI as a workspace-relative path where possible. */
function describeFile(uri: string): string {
  try {
    return workspace.asRelativePath(Uri.parse(uri, true));
  } catch {
    return uri;
  }
}
