//! Who is signed in. The app asks the server (`GET /api/v1/me`) once at start, so a session
//! survives reloads; the answer is shared through context as a [`Session`].

use crate::api;
use domain::views::Me;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Where the session stands.
#[derive(Debug, Clone, PartialEq)]
pub enum SessionState {
    /// Asking the server who we are.
    Checking,
    SignedOut,
    SignedIn(Me),
    /// The server could not be asked (network, server error); the UI offers a retry.
    Failed(api::Error),
}

/// The app-wide session handle, provided in context by [`provide_session`].
#[derive(Clone, Copy)]
pub struct Session {
    pub state: RwSignal<SessionState>,
}

impl Session {
    /// The signed-in user, if any (reactive).
    pub fn me(&self) -> Option<Me> {
        match self.state.get() {
            SessionState::SignedIn(me) => Some(me),
            _ => None,
        }
    }

    /// Asks the server who is signed in.
    pub fn refresh(&self) {
        let state = self.state;
        state.set(SessionState::Checking);
        spawn_local(async move {
            state.set(match api::me().await {
                Ok(me) => SessionState::SignedIn(me),
                Err(e) if e.is_unauthenticated() => SessionState::SignedOut,
                Err(e) => SessionState::Failed(e),
            });
        });
    }

    pub fn signed_in(&self, me: Me) {
        self.state.set(SessionState::SignedIn(me));
    }

    /// Forgets the signed-in user and what the browser kept for them (the cached library).
    pub fn signed_out(&self) {
        crate::library_cache::forget_all();
        self.state.set(SessionState::SignedOut);
    }
}

/// Creates the session, starts the first check and provides it to the tree below.
pub fn provide_session() -> Session {
    let session = Session {
        state: RwSignal::new(SessionState::Checking),
    };
    provide_context(session);
    session.refresh();
    session
}

/// Provides an already-known session state without asking the server (component tests).
pub fn provide_session_state(state: SessionState) -> Session {
    let session = Session {
        state: RwSignal::new(state),
    };
    provide_context(session);
    session
}

/// The session from context.
pub fn use_session() -> Session {
    expect_context::<Session>()
}
