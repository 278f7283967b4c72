import { createResource, createSignal, Show } from "solid-js";
import { ApiError } from "../../api/client";
import { Creators } from "../../data/creators";
import { type Me, Session } from "../../data/session";
import { ImageUpload, type PickedImage } from "../../ui/image-upload";
import { Notice } from "../../ui/notice";

/**
 * The account's pictures: an avatar for everyone (header, storefront, guides), a banner for creators
 * (storefront). Each is saved as soon as it is uploaded or removed; alt text comes from the display name.
 */
export function ProfilePictures(props: { user: Me }) {
  const isCreator = () => props.user.role === "creator";
  const [storefront, { mutate }] = createResource(
    () => (isCreator() ? props.user.handle : undefined),
    (handle) => Creators.storefront(handle, null, 1),
  );
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [message, setMessage] = createSignal<string>();

  const save = async (field: "avatarImageId" | "bannerImageId", image: PickedImage | null) => {
    setErrors({});
    setMessage();
    try {
      const profile = await Creators.updateProfile({ [field]: image?.id ?? null });
      Session.avatarChanged(profile.avatar);
      const current = storefront();
      if (current) mutate({ ...current, profile: { ...current.profile, banner: profile.banner } });
      setMessage(image ? "Picture saved" : "Picture removed");
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      setErrors({ [field]: error.message, ...error.fieldErrors() });
    }
  };

  return (
    <section class="profile-pictures" aria-labelledby="pictures-heading">
      <h2 id="pictures-heading">Your pictures</h2>
      <ImageUpload
        id="avatar-file"
        label="Avatar"
        purpose="avatar"
        image={Session.avatar()}
        onChange={(image) => void save("avatarImageId", image)}
        error={errors().avatarImageId}
        sizes="96px"
        previewClass="avatar large"
        testId="avatar-upload"
      />
      <Show when={isCreator()}>
        <ImageUpload
          id="banner-file"
          label="Storefront banner"
          purpose="banner"
          image={storefront()?.profile.banner}
          onChange={(image) => void save("bannerImageId", image)}
          error={errors().bannerImageId}
          sizes="(max-width: 600px) 100vw, 480px"
          previewClass="banner"
          testId="banner-upload"
        />
      </Show>
      <Notice message={message()} />
    </section>
  );
}
