// Starts `concord lsp` for the .facts and .rules files of the workspace, on stdio.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate() {
  const command = vscode.workspace.getConfiguration("concord").get("path") || "concord";
  const server = { command, args: ["lsp"] };
  const documents = [{ language: "concord", scheme: "file" }, { language: "concord", scheme: "untitled" }];
  client = new LanguageClient("concord", "Concord", server, { documentSelector: documents });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
