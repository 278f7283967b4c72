import { createSignal, For, Show } from "solid-js";
import { ApiError, api, unwrap } from "../../api/client";
import { createPagedList } from "../../data/paged";
import { Notice } from "../../ui/notice";
import { ShowMore } from "../../ui/show-more";

/** Brand invitations addressed to my email: nothing happens until I accept one here. */
export function MyInvitations() {
  const [message, setMessage] = createSignal<string>();
  const invitations = createPagedList(
    () => true,
    (_, cursor) => unwrap(api.v1.me.invitations.$get({ query: { cursor } })),
  );
  const pending = () => invitations.items().filter((invitation) => invitation.status === "pending");
  const answer = async (invitationId: string, brandName: string, accept: boolean) => {
    try {
      const route = api.v1.me.invitations[":invitationId"];
      if (accept) await unwrap(route.accept.$post({ param: { invitationId } }));
      else await unwrap(route.decline.$post({ param: { invitationId } }));
      setMessage(
        accept ? `You are now a member of ${brandName}` : `Declined the invitation from ${brandName}`,
      );
      invitations.reload();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      setMessage(error.message);
    }
  };
  return (
    <section aria-labelledby="invitations-heading">
      <h2 id="invitations-heading">Invitations</h2>
      <Show when={pending().length > 0} fallback={<p class="hint">No pending invitations.</p>}>
        <ul class="list" data-testid="my-invitations">
          <For each={pending()}>
            {(invitation) => (
              <li>
                <strong>{invitation.brandName}</strong> invites you as {invitation.role}{" "}
                <span class="hint">(until {new Date(invitation.expiresAt).toLocaleDateString()})</span>{" "}
                <button type="button" onClick={() => answer(invitation.id, invitation.brandName, true)}>
                  Accept invitation from {invitation.brandName}
                </button>{" "}
                <button type="button" onClick={() => answer(invitation.id, invitation.brandName, false)}>
                  Decline
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <ShowMore list={invitations} noun="invitations" shown={`${pending().length} pending shown`} />
      <Notice message={message()} />
    </section>
  );
}
