-- End-to-end test with a real LSP client: Neovim 0.7 (headless) drives `mlide serve`.
-- open a buggy Keras script → diagnostics with mlide codes → hover explains the rule →
-- request code actions → apply the preferred quick fix → fresh diagnostics without the finding →
-- type a new bug → it is reported → shutdown → the server exits with code 0.
-- Environment: MLIDE_BINARY (the server), MLIDE_E2E_DIR (scratch workspace holding model.py).
local binary = assert(os.getenv('MLIDE_BINARY'), 'MLIDE_BINARY unset')
local root = assert(os.getenv('MLIDE_E2E_DIR'), 'MLIDE_E2E_DIR unset')
local file = root .. '/model.py'

local function log(msg) io.stdout:write('[nvim-e2e] ' .. msg .. '\n') end
local function fail(msg)
  io.stdout:write('[nvim-e2e] FAIL: ' .. msg .. '\n')
  vim.cmd('cquit 1')
end
local function check(cond, msg) if not cond then fail(msg) end end

local exit_code = nil
local publishes = 0
local client_id = vim.lsp.start_client({
  name = 'mlide',
  cmd = { binary, 'serve', '--debounce', '50' },
  root_dir = root,
  handlers = {
    ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
      publishes = publishes + 1
      vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
    end,
  },
  on_exit = function(code, _signal) exit_code = code end,
})
check(client_id ~= nil, 'could not start ' .. binary)

vim.cmd('edit ' .. file)
local buf = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(buf, client_id)
local client = vim.lsp.get_client_by_id(client_id)

local function mlide_diags()
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.source == 'mlide' then table.insert(out, d) end
  end
  return out
end
local function codes(diags)
  local t = {}
  for _, d in ipairs(diags) do table.insert(t, tostring(d.user_data and d.user_data.lsp and d.user_data.lsp.code or '?')) end
  table.sort(t)
  return table.concat(t, ',')
end
local function lsp_code(d) return d.user_data and d.user_data.lsp and d.user_data.lsp.code end

-- 1. Diagnostics for the file as opened.
check(vim.wait(15000, function() return #mlide_diags() > 0 end, 20), 'no mlide diagnostics after open')
local first = mlide_diags()
log('diagnostics after open: ' .. codes(first))
local target = nil
for _, d in ipairs(first) do
  local code = lsp_code(d)
  if type(code) == 'string' and code:match('^ML%d%d%d$') then target = d break end
end
check(target ~= nil, 'no diagnostic with an MLnnn code')
local target_code = lsp_code(target)

-- 2. Hover on the finding explains the rule.
local hover = vim.lsp.buf_request_sync(buf, 'textDocument/hover', {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  position = { line = target.lnum, character = target.col },
}, 5000)
local hover_text = ''
for _, r in pairs(hover or {}) do
  if r.result and r.result.contents then hover_text = hover_text .. vim.inspect(r.result.contents) end
end
check(hover_text:find(target_code, 1, true) ~= nil, 'hover does not mention ' .. target_code .. ': ' .. hover_text)
log('hover mentions ' .. target_code)

-- 3. Code actions for it: a quick fix that is not the suppression comment, preferably the preferred one.
-- As Neovim's own code_action() does: user_data.lsp holds only part of the diagnostic (no range,
-- message or source), so rebuild the LSP form from the line's diagnostics.
local lsp_diag = nil
for _, d in ipairs(vim.lsp.diagnostic.get_line_diagnostics(buf, target.lnum, {}, client_id)) do
  if d.code == target_code then lsp_diag = d end
end
check(lsp_diag ~= nil and lsp_diag.range ~= nil, 'no LSP form of the diagnostic on line ' .. target.lnum)
local actions = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  range = lsp_diag.range,
  context = { diagnostics = { lsp_diag }, only = { 'quickfix' } },
}, 5000)
local chosen = nil
for _, r in pairs(actions or {}) do
  for _, a in ipairs(r.result or {}) do
    log('code action: ' .. a.title .. (a.isPreferred and ' (preferred)' or ''))
    local is_suppression = a.title:find('ignore', 1, true) ~= nil
    if a.edit and not is_suppression and (chosen == nil or a.isPreferred) then chosen = a end
  end
end
check(chosen ~= nil, 'no quick fix with an edit for ' .. target_code)

-- 4. Apply it: Neovim sends didChange, the server re-publishes without that finding.
local before_text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n')
local seen = publishes
vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding or 'utf-16')
local after_text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n')
check(after_text ~= before_text, 'the quick fix did not change the buffer')
local function count_code(code)
  local n = 0
  for _, d in ipairs(mlide_diags()) do if lsp_code(d) == code then n = n + 1 end end
  return n
end
local before_count = 0
for _, d in ipairs(first) do if lsp_code(d) == target_code then before_count = before_count + 1 end end
check(vim.wait(10000, function() return publishes > seen and count_code(target_code) < before_count end, 20),
  'diagnostics were not refreshed after applying "' .. chosen.title .. '": ' .. codes(mlide_diags()))
log('applied "' .. chosen.title .. '"; diagnostics now: ' .. codes(mlide_diags()))

-- 5. Type a new bug (an optimizer with a negative learning rate) and see it reported.
local marker = os.getenv('MLIDE_E2E_TYPED_LINE') or ''
local expected = os.getenv('MLIDE_E2E_TYPED_CODE') or ''
if marker ~= '' and expected ~= '' then
  seen = publishes
  vim.api.nvim_buf_set_lines(buf, -1, -1, false, { marker })
  check(vim.wait(10000, function() return publishes > seen and count_code(expected) > 0 end, 20),
    'typed line did not produce ' .. expected .. ': ' .. codes(mlide_diags()))
  log('typed "' .. marker .. '" -> ' .. expected)
end

-- 6. Shut down cleanly: shutdown + exit, and the server process ends with 0.
client.stop()
check(vim.wait(10000, function() return exit_code ~= nil end, 20), 'server did not exit after shutdown')
check(exit_code == 0, 'server exit code ' .. tostring(exit_code))
log('server exited with 0')
log('PASS')
vim.cmd('qall!')
