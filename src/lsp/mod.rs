//! `concord lsp`: a language server over standard input and output, on `lsp-server`.
//!
//! The loop reads one message at a time. A change to a document marks the workspace to
//! be checked again; once the client has been quiet for [`QUIET`], the whole workspace
//! is checked and every file's diagnostics published. Requests are answered from the
//! latest check, made first if a change came since.

mod complete;
mod diagnostics;
mod format;
mod goto;
mod hover;
mod index;
mod lines;
mod snapshot;
mod workspace;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{self as note, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::{InitializeParams, PublishDiagnosticsParams, Url};
use snapshot::Snapshot;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::time::Duration;
use workspace::Workspace;

type Error = Box<dyn std::error::Error + Send + Sync>;

/// How long the client must be quiet before the workspace is checked again: a burst of
/// keystrokes is one check.
const QUIET: Duration = Duration::from_millis(50);

/// Serves one client until it says `exit`: `Ok(true)` after a `shutdown`, `Ok(false)`
/// without one.
pub fn run() -> Result<bool, Error> {
    let (connection, io_threads) = Connection::stdio();
    let (id, params) = connection.initialize_start()?;
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let result = serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": { "name": "concord", "version": env!("CARGO_PKG_VERSION") },
    });
    connection.initialize_finish(id, result)?;
    let clean = Server::new(&connection, root(&params)).serve()?;
    drop(connection);
    io_threads.join()?;
    Ok(clean)
}

fn capabilities() -> lsp_types::ServerCapabilities {
    use lsp_types::*;
    let sync = TextDocumentSyncOptions {
        open_close: Some(true),
        change: Some(TextDocumentSyncKind::FULL),
        save: Some(TextDocumentSyncSaveOptions::Supported(true)),
        ..TextDocumentSyncOptions::default()
    };
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(sync)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions::default()),
        ..ServerCapabilities::default()
    }
}

/// The workspace folder (the first), else the root URI; `None` when it is not a file.
fn root(params: &InitializeParams) -> Option<PathBuf> {
    let folder = params.workspace_folders.as_ref().and_then(|f| f.first()).map(|f| &f.uri);
    #[allow(deprecated)] // the root URI is what older clients send
    let uri = folder.or(params.root_uri.as_ref())?;
    uri.to_file_path().ok()
}

struct Server<'c> {
    connection: &'c Connection,
    workspace: Workspace,
    /// The latest check; `None` once a document or file has changed since.
    snapshot: Option<Snapshot>,
    /// Whether the diagnostics published are older than the workspace.
    unpublished: bool,
    /// The files last published, to clear those that have left the workspace.
    published: Vec<Url>,
    shut_down: bool,
}

impl<'c> Server<'c> {
    fn new(connection: &'c Connection, root: Option<PathBuf>) -> Server<'c> {
        let workspace = Workspace::new(root);
        Server {
            connection,
            workspace,
            snapshot: None,
            unpublished: true,
            published: Vec::new(),
            shut_down: false,
        }
    }

    fn serve(&mut self) -> Result<bool, Error> {
        loop {
            match self.next()? {
                Message::Request(r) => self.request(r)?,
                Message::Notification(n) if n.method == note::Exit::METHOD => return Ok(self.shut_down),
                Message::Notification(n) => self.notification(n),
                Message::Response(_) => {}
            }
        }
    }

    /// The next message; diagnostics waiting to be published are published as soon as
    /// the client has been quiet for [`QUIET`].
    fn next(&mut self) -> Result<Message, Error> {
        use crossbeam_channel::RecvTimeoutError;
        let closed = || Error::from("the client closed the connection without `exit`");
        while self.unpublished && !self.shut_down {
            match self.connection.receiver.recv_timeout(QUIET) {
                Ok(message) => return Ok(message),
                Err(RecvTimeoutError::Timeout) => self.publish()?,
                Err(RecvTimeoutError::Disconnected) => return Err(closed()),
            }
        }
        self.connection.receiver.recv().map_err(|_| closed())
    }

    fn send(&self, message: impl Into<Message>) -> Result<(), Error> {
        self.connection.sender.send(message.into()).map_err(|_| Error::from("the client's output is closed"))
    }

    /// The latest check, made now if the workspace changed; `None` if checking failed
    /// (a bug, reported on standard error, that must not end the session).
    fn snapshot(&mut self) -> Option<&Snapshot> {
        if self.snapshot.is_none() {
            let workspace = &self.workspace;
            self.snapshot = catch_unwind(AssertUnwindSafe(|| Snapshot::new(workspace))).ok();
        }
        self.snapshot.as_ref()
    }

    /// Publishes every file's diagnostics, and empty lists for files no longer there.
    fn publish(&mut self) -> Result<(), Error> {
        self.unpublished = false;
        let Some(snapshot) = self.snapshot() else { return Ok(()) };
        let lists = catch_unwind(AssertUnwindSafe(|| diagnostics::by_file(snapshot))).unwrap_or_default();
        let now: Vec<Url> = lists.iter().map(|(uri, _)| uri.clone()).collect();
        let gone = self.published.iter().filter(|u| !now.contains(u)).map(|u| (u.clone(), Vec::new()));
        let all: Vec<_> = gone.chain(lists).collect();
        for (uri, diagnostics) in all {
            let version = self.workspace.version(&uri);
            let params = PublishDiagnosticsParams { uri, diagnostics, version };
            self.send(Notification::new(note::PublishDiagnostics::METHOD.into(), params))?;
        }
        self.published = now;
        Ok(())
    }

    fn request(&mut self, r: Request) -> Result<(), Error> {
        let response = if self.shut_down {
            Response::new_err(r.id, ErrorCode::InvalidRequest as i32, "the server is shut down".into())
        } else if r.method == req::Shutdown::METHOD {
            self.shut_down = true;
            Response::new_ok(r.id, ())
        } else {
            self.answer(r)
        };
        self.send(response)
    }

    /// The answer to a request, from the latest check.
    fn answer(&mut self, r: Request) -> Response {
        let id = r.id.clone();
        let failed = |what: &str| Response::new_err(id.clone(), ErrorCode::InternalError as i32, what.into());
        let Some(snapshot) = self.snapshot() else { return failed("the workspace could not be checked") };
        catch_unwind(AssertUnwindSafe(|| dispatch(snapshot, r)))
            .unwrap_or_else(|_| failed("concord lsp failed on this request"))
    }

    /// Applies a notification to the workspace; any but an unknown one calls for a new
    /// check.
    fn notification(&mut self, n: Notification) {
        let w = &mut self.workspace;
        let known = match n.method.as_str() {
            note::DidOpenTextDocument::METHOD => params::<note::DidOpenTextDocument>(n).map(|p| {
                let d = p.text_document;
                w.set(d.uri, d.text, d.version);
            }),
            note::DidChangeTextDocument::METHOD => {
                params::<note::DidChangeTextDocument>(n).map(|p| w.change(p.text_document, p.content_changes))
            }
            note::DidCloseTextDocument::METHOD => {
                params::<note::DidCloseTextDocument>(n).map(|p| w.close(&p.text_document.uri))
            }
            // The disk changed: it is read again.
            note::DidSaveTextDocument::METHOD | note::DidChangeWatchedFiles::METHOD => Some(()),
            _ => None,
        };
        if known.is_some() {
            self.snapshot = None;
            self.unpublished = true;
        }
    }
}

/// A notification's parameters; `None` (and the notification ignored) if they do not
/// read as the protocol says.
fn params<N: lsp_types::notification::Notification>(n: Notification) -> Option<N::Params> {
    serde_json::from_value(n.params).ok()
}

fn dispatch(snapshot: &Snapshot, r: Request) -> Response {
    match r.method.as_str() {
        req::HoverRequest::METHOD => reply::<req::HoverRequest>(r, |p| hover::hover(snapshot, &p)),
        req::GotoDefinition::METHOD => reply::<req::GotoDefinition>(r, |p| goto::definition(snapshot, &p)),
        req::References::METHOD => reply::<req::References>(r, |p| goto::references(snapshot, &p)),
        req::Formatting::METHOD => reply::<req::Formatting>(r, |p| format::format(snapshot, &p)),
        req::Completion::METHOD => reply::<req::Completion>(r, |_| Some(complete::complete(snapshot))),
        _ => {
            let message = format!("concord lsp does not answer `{}`", r.method);
            Response::new_err(r.id, ErrorCode::MethodNotFound as i32, message)
        }
    }
}

/// The answer to a request of type `R`, or an error if its parameters do not read.
fn reply<R: lsp_types::request::Request>(
    r: Request,
    answer: impl FnOnce(R::Params) -> R::Result,
) -> Response {
    match serde_json::from_value::<R::Params>(r.params) {
        Ok(params) => Response::new_ok(r.id, answer(params)),
        Err(e) => Response::new_err(r.id, ErrorCode::InvalidParams as i32, e.to_string()),
    }
}
