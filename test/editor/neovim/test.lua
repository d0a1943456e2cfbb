-- Neovim headless test of termlens-ls through Neovim's built-in LSP client, configured by the README snippet.
-- Run by scripts/editors/neovim.mjs from a temp workspace holding note.md and model.py:
--   nvim --headless -u <README snippet as init.lua> -i NONE -n -c 'luafile test.lua'
-- Prints one "PASS  ..." or "FAIL  ..." line per check, then quits with `qall!` (all passed) or `cquit 1`.

local WAIT_MS = 10000
local passed, failed = 0, 0

local function say(s)
  io.stdout:write(s .. '\n')
end

local function show(v)
  return (type(v) == 'string' and v or vim.inspect(v, { newline = ' ', indent = '' })):sub(1, 400)
end

--- Records one check; on failure also prints what was received.
local function check(ok, what, got)
  if ok then
    passed = passed + 1
    say('PASS  ' .. what)
  else
    failed = failed + 1
    say('FAIL  ' .. what .. '\n      received: ' .. show(got))
  end
  return ok
end

-- Neovim 0.10 replaced buf_get_clients (a map in 0.7) with get_clients.
local function termlens_client(buf)
  local clients = vim.lsp.get_clients and vim.lsp.get_clients({ bufnr = buf }) or vim.lsp.buf_get_clients(buf)
  for _, c in pairs(clients) do
    if c.name == 'termlens' then return c end
  end
end

--- Opens a file (the snippet's FileType autocmd attaches termlens) and waits for the client to be initialized.
local function open(file)
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local client
  vim.wait(WAIT_MS, function()
    client = termlens_client(buf)
    return client ~= nil and client.initialized == true
  end, 20)
  return buf, client
end

local function by_code(diags, code)
  for _, d in ipairs(diags) do
    if d.code == code then return d end
  end
end

local function wait_diags(buf, pred)
  vim.wait(WAIT_MS, function() return pred(vim.diagnostic.get(buf)) end, 20)
  return vim.diagnostic.get(buf)
end

local function diag_summary(diags)
  local out = {}
  for _, d in ipairs(diags) do
    out[#out + 1] = ('%s sev=%d %d:%d-%d'):format(tostring(d.code), d.severity, d.lnum, d.col, d.end_col)
  end
  return table.concat(out, '; ')
end

local function request(buf, method, params)
  local res, err = vim.lsp.buf_request_sync(buf, method, params, 5000)
  if not res then return nil, err end
  for _, r in pairs(res) do
    if r.error then return nil, r.error end
    return r.result
  end
end

--- 0-based line and byte column where `needle` starts in the buffer (the fixtures are ASCII, so bytes = UTF-16).
local function locate(buf, needle)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local col = line:find(needle, 1, true)
    if col then return i - 1, col - 1 end
  end
  error('fixture lacks "' .. needle .. '"')
end

local function hover_text(buf, line, col)
  local h, err = request(buf, 'textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = line, character = col },
  })
  local v = h and h.contents and h.contents.value
  return type(v) == 'string' and v or nil, h or err
end

local function completion_items(buf, line, col)
  local r, err = request(buf, 'textDocument/completion', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = line, character = col },
    context = { triggerKind = 1 },
  })
  return r and (r.items or r) or {}, err
end

local function main()
  -- Markdown note ------------------------------------------------------------------------------------------
  local buf, client = open('note.md')
  check(vim.bo[buf].filetype == 'markdown', 'note.md has filetype markdown', vim.bo[buf].filetype)
  if not check(client ~= nil and client.initialized, 'termlens-ls attached to note.md and initialized', client) then return end

  -- Also wait for the severity: a server that first published defaults and then applied the settings is fine.
  local diags = wait_diags(buf, function(ds)
    local v = by_code(ds, 'term.variant')
    return by_code(ds, 'term.misspelled') and v and v.severity == vim.diagnostic.severity.WARN
  end)
  local mis = by_code(diags, 'term.misspelled')
  local mline, mcol = locate(buf, 'Hesten Model')
  check(mis ~= nil and mis.lnum == mline and mis.col == mcol and mis.end_col == mcol + #'Hesten Model',
    'diagnostic term.misspelled on "Hesten Model"', diag_summary(diags))
  local var = by_code(diags, 'term.variant')
  local vline, vcol = locate(buf, 'span model')
  check(var ~= nil and var.lnum == vline and var.col == vcol, 'diagnostic term.variant on "span model"', diag_summary(diags))
  -- term.variant defaults to information (3); the snippet's settings make it a warning (2).
  check(var ~= nil and var.severity == vim.diagnostic.severity.WARN,
    'term.variant has severity 2 (warning) from the snippet settings', diag_summary(diags))
  check(#diags == 2, 'note.md has exactly these two diagnostics', diag_summary(diags))

  local hline, hcol = locate(buf, 'Heston Model')
  local hv, hraw = hover_text(buf, hline, hcol + 3)
  check(hv ~= nil and hv:find('Heston Model', 1, true) ~= nil and hv:find('variance', 1, true) ~= nil
    and hv:find('leverage effects', 1, true) ~= nil,
    'hover on "Heston Model" shows its definition', hraw)

  -- The quick fix, the way a user gets it: cursor on the misspelling, vim.lsp.buf.code_action(), pick the fix.
  vim.api.nvim_win_set_cursor(0, { mline + 1, mcol + 2 })
  local offered = {}
  local select = vim.ui.select
  vim.ui.select = function(items, _, on_choice)
    for i, item in ipairs(items) do
      local action = item[2] or item.action or item
      offered[#offered + 1] = action.title
      if action.title:find('Heston Model', 1, true) then return on_choice(item, i) end
    end
    on_choice(nil)
  end
  vim.lsp.buf.code_action()
  vim.wait(WAIT_MS, function()
    return vim.api.nvim_buf_get_lines(buf, mline, mline + 1, false)[1]:find('writes Heston Model and', 1, true) ~= nil
  end, 20)
  vim.ui.select = select
  local fixed = vim.api.nvim_buf_get_lines(buf, mline, mline + 1, false)[1]
  check(fixed:find('writes Heston Model and', 1, true) ~= nil, 'quick fix replaces "Hesten Model" with "Heston Model"',
    { offered = offered, line = fixed })
  local after = wait_diags(buf, function(ds) return not by_code(ds, 'term.misspelled') and by_code(ds, 'term.variant') end)
  check(by_code(after, 'term.misspelled') == nil and by_code(after, 'term.variant') ~= nil,
    'after the edit the misspelling is gone and the variant stays', diag_summary(after))

  vim.api.nvim_buf_set_lines(buf, -1, -1, false, { 'Black-Sch' })
  local items, cerr = completion_items(buf, vim.api.nvim_buf_line_count(buf) - 1, #'Black-Sch')
  local labels = {}
  for _, it in ipairs(items) do labels[#labels + 1] = it.label end
  check(vim.tbl_contains(labels, 'Black-Scholes-Merton Model'), 'completion after "Black-Sch" offers "Black-Scholes-Merton Model"',
    cerr or labels)

  -- Python file: same client, hover in a comment, a deprecated form with its default severity --------------
  local pbuf, pclient = open('model.py')
  check(vim.bo[pbuf].filetype == 'python', 'model.py has filetype python', vim.bo[pbuf].filetype)
  check(pclient ~= nil and pclient.id == client.id, 'model.py is attached to the same termlens client', pclient)
  local pline, pcol = locate(pbuf, 'Heston Model')
  local phv, phraw = hover_text(pbuf, pline, pcol + 3)
  check(phv ~= nil and phv:find('leverage effects', 1, true) ~= nil, 'hover on "Heston Model" in a Python comment', phraw)
  local pdiags = wait_diags(pbuf, function(ds) return by_code(ds, 'term.deprecated') end)
  local dep = by_code(pdiags, 'term.deprecated')
  local dline, dcol = locate(pbuf, 'BS Model')
  check(dep ~= nil and dep.lnum == dline and dep.col == dcol and dep.severity == vim.diagnostic.severity.WARN,
    'diagnostic term.deprecated on "BS Model" in a comment, severity 2', diag_summary(pdiags))
  local iline, icol = locate(pbuf, 'heston_mo')
  local pitems, perr = completion_items(pbuf, iline, icol + #'heston_mo')
  local inserts = {}
  for _, it in ipairs(pitems) do
    inserts[#inserts + 1] = it.textEdit and it.textEdit.newText or it.insertText or it.label
  end
  check(vim.tbl_contains(inserts, 'heston_model'), 'completion in the identifier "heston_mo" inserts "heston_model"',
    perr or inserts)
end

local ok, err = xpcall(main, debug.traceback)
if not ok then check(false, 'test.lua ran to the end', err) end
say(('%d passed, %d failed'):format(passed, failed) .. (failed > 0 and ('; LSP log: ' .. vim.lsp.get_log_path()) or ''))
if failed == 0 then vim.cmd('qall!') else vim.cmd('cquit 1') end
