import { createResource, createSignal, For, Show } from "solid-js";
import { ApiError, api, unwrap } from "../../api/client";
import type { Brand } from "../../data/commerce";
import { createPagedList } from "../../data/paged";
import { Field } from "../../ui/field";
import { ImageUpload, type PickedImage } from "../../ui/image-upload";
import { Notice } from "../../ui/notice";
import { ShowMore } from "../../ui/show-more";

export function SettingsTab(props: { brand: Brand; onSaved: () => void }) {
  const [message, setMessage] = createSignal<string>();
  const [members, { refetch }] = createResource(
    () => props.brand.id,
    (brandId) => unwrap(api.v1.brands[":brandId"].members.$get({ param: { brandId } })),
  );
  // Owners and admins see invitations; for a viewer the API answers 403 and the list stays hidden.
  const invitations = createPagedList(
    () => props.brand.id,
    (brandId, cursor) =>
      unwrap(api.v1.brands[":brandId"].invitations.$get({ param: { brandId }, query: { cursor } })),
  );
  const pending = () => invitations.items().filter((invitation) => invitation.status === "pending");
  const revoke = async (invitationId: string) => {
    try {
      await unwrap(
        api.v1.brands[":brandId"].invitations[":invitationId"].$delete({
          param: { brandId: props.brand.id, invitationId },
        }),
      );
      setMessage("Invitation revoked");
      invitations.reload();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      setMessage(error.message);
    }
  };
  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    try {
      await unwrap(
        api.v1.brands[":brandId"].$patch({
          param: { brandId: props.brand.id },
          json: {
            name: String(form.get("name")),
            domains: String(form.get("domains"))
              .split(/[\s,]+/)
              .filter(Boolean),
          },
        }),
      );
      setMessage("Saved");
      props.onSaved();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      setMessage(error.message);
    }
  };
  // The logo is saved as soon as it is uploaded or removed; its alt text is the brand's name.
  const [logo, setLogo] = createSignal<PickedImage | null>(props.brand.logo ?? null);
  const [logoError, setLogoError] = createSignal<string>();
  const saveLogo = async (image: PickedImage | null) => {
    setLogoError();
    try {
      await unwrap(
        api.v1.brands[":brandId"].$patch({
          param: { brandId: props.brand.id },
          json: { logoImageId: image?.id ?? null },
        }),
      );
      setLogo(image);
      setMessage(image ? "Logo saved" : "Logo removed");
      props.onSaved();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      setLogoError(error.message);
    }
  };
  const invite = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    try {
      await unwrap(
        api.v1.brands[":brandId"].members.$post({
          param: { brandId: props.brand.id },
          json: {
            email: String(data.get("email")),
            role: String(data.get("role")) as "admin" | "viewer" | "owner",
          },
        }),
      );
      form.reset();
      setMessage("Invitation sent: they become a member once they accept it");
      refetch();
      invitations.reload();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      setMessage(error.message);
    }
  };
  return (
    <div>
      <h2>Brand settings</h2>
      <form onSubmit={save}>
        <Field label="Brand name" name="name" value={props.brand.name} />
        <Field label="Store domains" name="domains" value={props.brand.domains.join(", ")} />
        <p class="hint">
          Verify each domain under <a href={`/brand/${props.brand.id}?tab=domains`}>Domains</a> so no other
          brand can claim it.
        </p>
        <p class="hint">Currency: {props.brand.currency}</p>
        <button type="submit">Save settings</button>
      </form>
      <ImageUpload
        id="logo-file"
        label="Brand logo"
        purpose="brand_logo"
        image={logo()}
        onChange={(image) => void saveLogo(image)}
        error={logoError()}
        sizes="160px"
        testId="logo-upload"
      />
      <h2>Team</h2>
      <ul class="list">
        <For each={members()?.items ?? []}>
          {(member) => (
            <li>
              @{member.handle} <span class="hint">({member.role})</span>
            </li>
          )}
        </For>
      </ul>
      <Show when={!invitations.first.error && invitations.first()}>
        <h3>Pending invitations</h3>
        <Show when={pending().length > 0} fallback={<p class="hint">No pending invitations.</p>}>
          <ul class="list" data-testid="pending-invitations">
            <For each={pending()}>
              {(invitation) => (
                <li>
                  {invitation.email}{" "}
                  <span class="hint">
                    ({invitation.role}, until {new Date(invitation.expiresAt).toLocaleDateString()})
                  </span>{" "}
                  <button type="button" onClick={() => revoke(invitation.id)}>
                    Revoke invitation to {invitation.email}
                  </button>
                </li>
              )}
            </For>
          </ul>
        </Show>
        <ShowMore list={invitations} noun="invitations" shown={`${pending().length} pending shown`} />
      </Show>
      <form onSubmit={invite}>
        <Field label="Email to invite" name="email" type="email" required />
        <div class="field">
          <label for="member-role">Role</label>
          <select id="member-role" name="role">
            <option value="viewer">Viewer</option>
            <option value="admin">Admin</option>
            <option value="owner">Owner</option>
          </select>
        </div>
        <button type="submit">Send invitation</button>
      </form>
      <Notice message={message()} />
    </div>
  );
}
